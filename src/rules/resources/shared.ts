// What the resources rules share: the seed section and how a holder is named in messages.
import type { ResourceHolder } from "../../model/resources.js";

export const SEED_SECTION = "4.1 Limits (CPU/memory)";

/** `Container "web"` or `The pod`, to start a message. */
export function holderName(holder: ResourceHolder): string {
  return holder.container === undefined ? "The pod" : `Container "${holder.container.name}"`;
}

/** The quantity as written, for messages. */
export function written(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}
