/**
 * Parses the `ocr` command line. Pure, so the accepted forms are unit-tested.
 */
export interface CliArgs {
  json: boolean;
  language: string;
  confidenceThreshold: number;
  useAngleCls: boolean;
  /** Folder for `<name>.annotated.png` per image, or null to draw nothing. */
  drawDir: string | null;
  inputs: string[];
  help: boolean;
}

export const USAGE = `usage: npm run ocr -- [options] <image or folder>...

Reads text from images with the bundled PP-OCR engine (no Redis, no server).

options:
  --json                 one JSON line per image: {"file","lines","text","overall_confidence","boxes","ms"}
  --lang L               language or alias (default en): en, ch, ...
  --threshold T          drop boxes below this confidence, 0..1 (default 0.5)
  --no-angle-cls         skip upside-down detection
  --draw DIR             also write DIR/<name>.annotated.png: boxes numbered and coloured by confidence
  -h, --help             this text

With more than one image, progress (count, rate, time left) goes to stderr: redrawn in place on a
terminal, a plain line every 10 s otherwise. stdout only ever holds results.

environment: OCR_INFERENCE_THREADS, OCR_INTRA_OP_THREADS, OCR_DEVICE (cpu|cuda|auto), OCR_MODEL_DIR`;

export class CliUsageError extends Error {}

export function parseCliArgs(argv: readonly string[]): CliArgs {
  const args: CliArgs = {
    json: false,
    language: 'en',
    confidenceThreshold: 0.5,
    useAngleCls: true,
    drawDir: null,
    inputs: [],
    help: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = (): string => {
      const next = argv[++i];
      if (next === undefined) throw new CliUsageError(`${arg} needs a value`);
      return next;
    };
    switch (arg) {
      case '--json':
        args.json = true;
        break;
      case '--lang':
      case '--language':
        args.language = value();
        break;
      case '--threshold': {
        const raw = value();
        const t = Number(raw);
        if (!Number.isFinite(t) || t < 0 || t > 1)
          throw new CliUsageError(`--threshold must be a number from 0 to 1, got ${raw}`);
        args.confidenceThreshold = t;
        break;
      }
      case '--no-angle-cls':
        args.useAngleCls = false;
        break;
      case '--draw':
        args.drawDir = value();
        break;
      case '-h':
      case '--help':
        args.help = true;
        break;
      default:
        if (arg.startsWith('-')) throw new CliUsageError(`unknown option ${arg}`);
        args.inputs.push(arg);
    }
  }
  if (!args.help && args.inputs.length === 0) throw new CliUsageError('no images given');
  return args;
}
