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
  /** Base URL of a gateway to read through instead of a local engine, or null. */
  via: string | null;
  /** API key for the gateway (`--key`; the CLI falls back to OCR_API_KEY). */
  apiKey: string | null;
  /** Images in flight at once, or null for the mode's default. */
  inFlight: number | null;
  inputs: string[];
  help: boolean;
}

export const USAGE = `usage: npm run ocr -- [options] <image or folder>...

Reads text from images with the bundled PP-OCR engine (no Redis, no server), or with --via through
a running ocr-pool gateway (its async job API; a full queue is waited out as Retry-After says).

options:
  --json                 one JSON line per image: {"file","lines","text","overall_confidence","boxes","ms"}
  --lang L               language or alias (default en): en, ch, ...
  --threshold T          drop boxes below this confidence, 0..1 (default 0.5)
  --no-angle-cls         skip upside-down detection
  --draw DIR             also write DIR/<name>.annotated.png: boxes numbered and coloured by confidence
  --via URL              read through the gateway at URL (e.g. http://127.0.0.1:3000) instead of locally
  --key K                API key for --via (default: the OCR_API_KEY environment variable)
  --in-flight N          images in flight at once (default: 2 per inference thread; 8 with --via)
  -h, --help             this text

With more than one image, progress (count, rate, time left) goes to stderr: redrawn in place on a
terminal, a plain line every 10 s otherwise. stdout only ever holds results.

environment: OCR_INFERENCE_THREADS, OCR_INTRA_OP_THREADS, OCR_DEVICE (cpu|cuda|auto), OCR_MODEL_DIR;
with --via: OCR_API_KEY`;

export class CliUsageError extends Error {}

export function parseCliArgs(argv: readonly string[]): CliArgs {
  const args: CliArgs = {
    json: false,
    language: 'en',
    confidenceThreshold: 0.5,
    useAngleCls: true,
    drawDir: null,
    via: null,
    apiKey: null,
    inFlight: null,
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
      case '--threshold':
        args.confidenceThreshold = numberIn(arg, value(), 0, 1, 'a number');
        break;
      case '--no-angle-cls':
        args.useAngleCls = false;
        break;
      case '--draw':
        args.drawDir = value();
        break;
      case '--via':
        args.via = gatewayUrl(value());
        break;
      case '--key':
        args.apiKey = value();
        break;
      case '--in-flight':
        args.inFlight = numberIn(arg, value(), 1, 256, 'a whole number');
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
  if (args.apiKey !== null && args.via === null)
    throw new CliUsageError('--key is for --via: a local run needs no key');
  return args;
}

function numberIn(option: string, raw: string, min: number, max: number, kind: 'a number' | 'a whole number'): number {
  const n = Number(raw);
  const ok = (kind === 'a number' ? Number.isFinite(n) : Number.isInteger(n)) && n >= min && n <= max;
  if (!ok || raw.trim() === '') throw new CliUsageError(`${option} must be ${kind} from ${min} to ${max}, got ${raw}`);
  return n;
}

function gatewayUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new CliUsageError(`--via needs the gateway's base URL, like http://127.0.0.1:3000; got ${raw}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new CliUsageError(`--via needs an http:// or https:// URL, got ${raw}`);
  return url.href.replace(/\/+$/, '');
}
