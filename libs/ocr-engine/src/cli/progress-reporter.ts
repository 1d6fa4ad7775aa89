/**
 * Progress of a long CLI run on stderr: on a terminal, one line redrawn in place with a bar, the
 * rate and the time left; otherwise (a log file, CI) a plain line every `intervalMs`. It never
 * writes to stdout, so `--json` output stays one JSON object per line.
 */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
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
export function formatProgress(done: number, total: number, elapsedMs: number, bar: boolean): string {
  const fraction = total > 0 ? done / total : 1;
  const rate = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0;
  const eta = done >= total ? 0 : rate > 0 ? (total - done) / rate : Infinity;
  const filled = Math.round(fraction * BAR_WIDTH);
  const prefix = bar ? `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ` : '';
  return `${prefix}${done}/${total} images (${Math.round(fraction * 100)}%) ${rate.toFixed(1)}/s ETA ${formatDuration(eta)}`;
}

export class ProgressReporter {
  private done = 0;
  private readonly started: number;
  private lastPrinted: number;
  private shown = false;

  constructor(
    private readonly total: number,
    private readonly stream: ProgressStream,
    private readonly intervalMs = 10_000,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.started = now();
    this.lastPrinted = this.started;
  }

  private get tty(): boolean {
    return this.stream.isTTY === true;
  }

  /** One more image finished. */
  tick(): void {
    this.done++;
    const t = this.now();
    if (this.tty) this.draw();
    else if (t - this.lastPrinted >= this.intervalMs) {
      this.lastPrinted = t;
      this.stream.write(`progress: ${formatProgress(this.done, this.total, t - this.started, false)}\n`);
    }
  }

  /** Wipes the terminal line so other output can be written; `tick` redraws it. */
  clear(): void {
    if (this.tty && this.shown) this.stream.write('\r\x1b[K');
    this.shown = false;
  }

  /** The final line: always printed on a terminal; elsewhere only if any periodic line was. */
  finish(): void {
    const line = formatProgress(this.done, this.total, this.now() - this.started, this.tty);
    if (this.tty) this.stream.write(`\r\x1b[K${line}\n`);
    else if (this.lastPrinted > this.started) this.stream.write(`progress: ${line}\n`);
    this.shown = false;
  }

  private draw(): void {
    this.stream.write(`\r\x1b[K${formatProgress(this.done, this.total, this.now() - this.started, true)}`);
    this.shown = true;
  }
}
