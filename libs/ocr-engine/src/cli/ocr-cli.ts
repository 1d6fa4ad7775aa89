#!/usr/bin/env node
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { EnvReader, type OcrOptions } from '@ocr-pool/contracts';
import { CliUsageError, USAGE, parseCliArgs, type CliArgs } from './cli-args.js';
import { GatewayReader, RunStoppedError, type ReadOutcome } from './gateway-reader.js';
import { listImages } from './list-images.js';
import { drawPath } from './draw-path.js';
import { ProgressReporter } from './progress-reporter.js';
import { exitWhenWritten } from './exit-when-written.js';
import { annotateImage } from '@ocr-pool/annotate';

/**
 * `npm run ocr`: reads images with the engine in this process, spreading them over the same
 * inference thread pool the worker uses, or with `--via` through a running gateway. Text (or JSON
 * lines) goes to stdout, problems to stderr; the exit code is 1 when any image failed.
 */
interface ImageReader {
  read(image: Uint8Array, file: string, options: OcrOptions): Promise<ReadOutcome>;
  /** Images to keep in flight by default. */
  inFlight: number;
  close(): Promise<void>;
}

async function localReader(): Promise<ImageReader> {
  // Loaded here, not at the top: a --via run never loads onnxruntime or the models.
  const [{ createEngine }, { readEngineConfig }] = await Promise.all([
    import('../engines/create-engine.js'),
    import('../engines/engine-config.js'),
  ]);
  const env = new EnvReader(process.env);
  const config = readEngineConfig(env);
  env.done();
  const engine = await createEngine(config, { onWarning: (message) => console.error(`warning: ${message}`) });
  return {
    read: async (image, _file, options) => {
      const [outcome] = await engine.recognize([{ image, options }]);
      return outcome!.ok
        ? { ok: true, result: outcome!.result }
        : { ok: false, error: { code: outcome!.error.code, message: outcome!.error.message } };
    },
    // Enough images in flight to keep every inference thread busy.
    inFlight: Math.max(2, config.threads * 2),
    close: () => engine.close(),
  };
}

function gatewayReader(args: CliArgs & { via: string }, progress: ProgressReporter | undefined): ImageReader {
  const apiKey = args.apiKey ?? new EnvReader(process.env).optionalString('OCR_API_KEY');
  const reader = new GatewayReader({
    baseUrl: args.via,
    ...(apiKey ? { apiKey } : {}),
    onNotice: (message) => {
      progress?.clear();
      console.error(message);
    },
  });
  // The gateway batches whatever the workers can take; a few more than two workers' threads keep them fed.
  return { read: (image, file, options) => reader.read(image, file, options), inFlight: 8, close: async () => {} };
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseCliArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error;
    console.error(`${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const files = listImages(args.inputs);
  // One image needs no progress; for more, stderr shows how far along the run is.
  const progress = files.length > 1 ? new ProgressReporter(files.length, process.stderr) : undefined;
  const via = args.via;
  const reader = via === null ? await localReader() : gatewayReader({ ...args, via }, progress);
  const options = {
    language: args.language,
    confidence_threshold: args.confidenceThreshold,
    use_angle_cls: args.useAngleCls,
  };

  // Results print in input order.
  const inFlight = args.inFlight ?? reader.inFlight;
  const results = new Array<Promise<{ file: string; ms: number; image: Uint8Array } & ReadOutcome> | undefined>(
    files.length,
  );
  let failed = 0;
  let next = 0;
  const drawn = new Set<string>();
  if (args.drawDir !== null) await mkdir(args.drawDir, { recursive: true });
  const start = (i: number): void => {
    const file = files[i]!;
    const reading = (async () => {
      const t0 = performance.now();
      const image = await readFile(file);
      const outcome = await reader.read(image, file, options);
      return { file, ms: Math.round((performance.now() - t0) * 10) / 10, image, ...outcome };
    })();
    // Awaited in input order below; a failure of a later image must not count as unhandled meanwhile.
    reading.catch(() => undefined);
    results[i] = reading;
  };
  for (; next < Math.min(inFlight, files.length); next++) start(next);
  for (let i = 0; i < files.length; i++) {
    const read = await results[i]!;
    const { file, ms, image } = read;
    // Printed results are let go: the array must not keep every image of the run alive.
    results[i] = undefined;
    if (next < files.length) start(next++);
    progress?.clear();
    if (!read.ok) {
      failed++;
      const { error } = read;
      if (args.json) process.stdout.write(`${JSON.stringify({ file, error, ms })}\n`);
      else console.error(`${file}: ${error.code}: ${error.message}`);
    } else {
      const { result } = read;
      if (args.drawDir !== null) {
        await writeFile(drawPath(args.drawDir, file, drawn), await annotateImage(image, result));
      }
      if (args.json) {
        const line = {
          file,
          lines: result.lines,
          text: result.text,
          overall_confidence: result.overall_confidence,
          boxes: result.text_boxes,
          ms,
        };
        process.stdout.write(`${JSON.stringify(line)}\n`);
      } else {
        if (files.length > 1) process.stdout.write(`==> ${file} <==\n`);
        process.stdout.write(`${result.text}\n`);
      }
    }
    progress?.tick();
  }
  progress?.finish();
  await reader.close();
  return failed > 0 ? 1 : 0;
}

main().then(
  (code) => exitWhenWritten(code),
  (error: unknown) => {
    console.error(
      error instanceof RunStoppedError ? `ocr: ${error.message}` : error instanceof Error ? error.message : error,
    );
    exitWhenWritten(1);
  },
);
