import { describe, expect, it } from "vitest";
import { progressIndicator } from "../../src/cli/progress.js";

function clockAndOutput() {
  let time = 0;
  const written: string[] = [];
  return { now: () => time, advance: (ms: number) => (time += ms), write: (text: string) => written.push(text), written };
}

describe("scan's progress indicator", () => {
  it("stays silent during the first second, then rewrites one line in place and erases it at the end", () => {
    const t = clockAndOutput();
    const indicator = progressIndicator({ enabled: true, now: t.now, write: t.write });
    indicator.update(1, 40);
    t.advance(999);
    indicator.update(2, 40);
    expect(t.written).toEqual([]);
    t.advance(1);
    indicator.update(3, 40);
    indicator.update(40, 40);
    indicator.clear();
    expect(t.written).toEqual(["\r\x1b[2Kreading the cluster: 3/40 kinds", "\r\x1b[2Kreading the cluster: 40/40 kinds", "\r\x1b[2K"]);
  });

  it("erases nothing when nothing was shown (a quick scan leaves the terminal untouched)", () => {
    const t = clockAndOutput();
    const indicator = progressIndicator({ enabled: true, now: t.now, write: t.write });
    indicator.update(40, 40);
    indicator.clear();
    expect(t.written).toEqual([]);
  });

  it("writes nothing at all when disabled (CI, --format json, no terminal)", () => {
    const t = clockAndOutput();
    const indicator = progressIndicator({ enabled: false, now: t.now, write: t.write });
    t.advance(5000);
    indicator.update(10, 40);
    indicator.clear();
    expect(t.written).toEqual([]);
  });
});
