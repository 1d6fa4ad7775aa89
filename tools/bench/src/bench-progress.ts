import { ProgressReporter } from '@ocr-pool/ocr-engine';

/**
 * The benchmarks' progress lines: the engine CLI's reporter on stderr, so tables on stdout stay
 * clean when piped. On a terminal a bar with rate and ETA; in a log, a line every 10 s.
 */
export function benchProgress(label: string, total: number, unit = 'images'): ProgressReporter {
  return new ProgressReporter(total, process.stderr, { label, unit });
}
