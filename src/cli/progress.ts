// A one-line progress indicator on a terminal (scan's "reading the cluster: 12/40 kinds").

export interface ProgressIndicator {
  update(done: number, total: number): void;
  /** Erases the line, if anything was shown. */
  clear(): void;
}

export interface ProgressOptions {
  /** False in CI, with --format json, or when standard error is not a terminal. */
  readonly enabled: boolean;
  /** Nothing is shown before this many milliseconds: a quick run prints no flicker. */
  readonly delayMs?: number;
  readonly write?: (text: string) => void;
  readonly now?: () => number;
}

export function progressIndicator(options: ProgressOptions): ProgressIndicator {
  const now = options.now ?? Date.now;
  const write = options.write ?? ((text: string) => void process.stderr.write(text));
  const delay = options.delayMs ?? 1000;
  const started = now();
  let shown = false;
  return {
    update(done, total) {
      if (!options.enabled || now() - started < delay) return;
      shown = true;
      // Carriage return and erase-line: the line is rewritten in place.
      write(`\r\x1b[2Kreading the cluster: ${done}/${total} kinds`);
    },
    clear() {
      if (shown) write("\r\x1b[2K");
      shown = false;
    },
  };
}
