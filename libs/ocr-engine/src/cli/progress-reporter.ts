/**
 * Progress of a long run on stderr: on a terminal, one line redrawn in place with a bar, the
 * rate and the time left; otherwise (a log file, CI) a plain line every `intervalMs`. It never
 * writes to stdout, so `--json` output and benchmark tables stay clean. Shared by the CLI and the
 * benchmarks (exported from the package index), so every long run reports itself the same way.
 */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface ProgressOptions {
  /** Off a terminal, the least time between two plain lines. */
  intervalMs?: number;
  /** What is counted, after the numbers: `12/40 images`. */
  unit?: string;
  /** Names the phase when a run has several (`throughput pass: [###...] ...`). */
  label?: string;
  now?: () => number;
}

const BAR_WIDTH = 24;

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** `12/40 images (30%) 3.2/s ETA 9s`, with a bar in front when `bar` is set. */
export function formatProgress(done: number, total: number, elapsedMs: number, bar: boolean, unit = 'images'): string {
  const fraction = total > 0 ? Math.min(1, done / total) : 1;
  const rate = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0;
  const eta = done >= total ? 0 : rate > 0 ? (total - done) / rate : Infinity;
  const filled = Math.round(fraction * BAR_WIDTH);
  const prefix = bar ? `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ` : '';
  return `${prefix}${done}/${total} ${unit} (${Math.round(fraction * 100)}%) ${rate.toFixed(1)}/s ETA ${formatDuration(eta)}`;
}

export class ProgressReporter {
  private done = 0;
  private readonly started: number;
  private lastPrinted: number;
  private shown = false;
  /** The count on the last plain line, so `finish` does not repeat it. */
  private printedDone = -1;
  private readonly intervalMs: number;
  private readonly unit: string;
  private readonly label: string | undefined;
  private readonly now: () => number;

  constructor(
    private readonly total: number,
    private readonly stream: ProgressStream,
    options: ProgressOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 10_000;
    this.unit = options.unit ?? 'images';
    this.label = options.label;
    this.now = options.now ?? (() => performance.now());
    this.started = this.now();
    this.lastPrinted = this.started;
  }

  private get tty(): boolean {
    return this.stream.isTTY === true;
  }

  /** `count` more items finished (one by default). */
  tick(count = 1): void {
    this.done += count;
    const t = this.now();
    if (this.tty) this.draw();
    else if (t - this.lastPrinted >= this.intervalMs) {
      this.lastPrinted = t;
      this.printedDone = this.done;
      this.stream.write(`${this.plainPrefix()}${this.line(t, false)}\n`);
    }
  }

  /** Wipes the terminal line so other output can be written; `tick` redraws it. */
  clear(): void {
    if (this.tty && this.shown) this.stream.write('\r\x1b[K');
    this.shown = false;
  }

  /**
   * The final line: always printed on a terminal; elsewhere only if any periodic line was, and
   * not when the last one already showed the final count.
   */
  finish(): void {
    const t = this.now();
    if (this.tty) this.stream.write(`\r\x1b[K${this.ttyPrefix()}${this.line(t, true)}\n`);
    else if (this.lastPrinted > this.started && this.printedDone !== this.done)
      this.stream.write(`${this.plainPrefix()}${this.line(t, false)}\n`);
    this.shown = false;
  }

  private line(t: number, bar: boolean): string {
    return formatProgress(this.done, this.total, t - this.started, bar, this.unit);
  }

  private plainPrefix(): string {
    return this.label ? `progress (${this.label}): ` : 'progress: ';
  }

  private ttyPrefix(): string {
    return this.label ? `${this.label}: ` : '';
  }

  private draw(): void {
    this.stream.write(`\r\x1b[K${this.ttyPrefix()}${this.line(this.now(), true)}`);
    this.shown = true;
  }
}
