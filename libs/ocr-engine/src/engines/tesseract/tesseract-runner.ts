import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ErrorCodes, OcrError, Slots } from '@ocr-pool/contracts';

/**
 * Runs the tesseract CLI on an image given on stdin, at most `processes` at a time (one per core:
 * each runs single-threaded, `OMP_THREAD_LIMIT=1`), and never on the event loop: the work happens
 * in the child process. A process per page was measured against the alternatives (BENCHMARKS.md):
 * starting tesseract and loading a language costs ~30 ms, small beside reading a page.
 */
export class TesseractRunner {
  private readonly slots: Slots;

  constructor(
    private readonly binary: string,
    processes: number,
    private readonly timeoutMs = 60_000,
  ) {
    this.slots = new Slots(processes);
  }

  /**
   * Reads `image` (any format tesseract reads from stdin) with `args`, producing each of
   * `outputs` (`txt`, `tsv`, ...); returns them by name. Outputs go through a private temp folder:
   * on stdout tesseract writes only the last one.
   */
  run(image: Uint8Array, args: readonly string[], outputs: readonly string[]): Promise<Record<string, string>> {
    // Whatever fails inside, Slots gives the slot back: one kept by a failure would stop every later run.
    return this.slots.run(async () => {
      const dir = await mkdtemp(join(tmpdir(), 'ocr-tesseract-')).catch((error: Error) => {
        throw new OcrError(ErrorCodes.ENGINE_FAILURE, `tesseract has no temp folder to write to (${error.message}).`);
      });
      try {
        const base = join(dir, 'out');
        await this.spawn(image, [base, ...args, ...outputs]);
        const texts = await Promise.all(outputs.map((o) => readFile(`${base}.${o}`, 'utf8')));
        return Object.fromEntries(outputs.map((o, i) => [o, texts[i]!]));
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  }

  private spawn(image: Uint8Array, args: readonly string[]): Promise<void> {
    return new Promise((resolve, reject) => {
      const child = spawn(this.binary, ['stdin', ...args], {
        env: { ...process.env, OMP_THREAD_LIMIT: '1' },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      const err: Buffer[] = [];
      const timer = setTimeout(() => child.kill('SIGKILL'), this.timeoutMs);
      child.stdout.resume();
      child.stderr.on('data', (d: Buffer) => err.push(d));
      child.on('error', (error) => {
        clearTimeout(timer);
        reject(new OcrError(ErrorCodes.ENGINE_FAILURE, `tesseract could not start: ${error.message}`));
      });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        if (code === 0) return resolve();
        const why =
          signal === 'SIGKILL'
            ? `timed out after ${this.timeoutMs} ms`
            : Buffer.concat(err).toString('utf8').trim().split('\n').at(-1);
        reject(new OcrError(ErrorCodes.ENGINE_FAILURE, `tesseract failed (${why ?? `exit code ${code}`}).`));
      });
      child.stdin.on('error', () => undefined); // the close handler reports the failure
      child.stdin.end(Buffer.from(image.buffer, image.byteOffset, image.byteLength));
    });
  }
}
