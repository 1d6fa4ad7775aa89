#!/usr/bin/env node
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { EnvReader, type OcrResult } from '@ocr-pool/contracts';
import { createEngine } from '../engines/create-engine.js';
import { readEngineConfig } from '../engines/engine-config.js';
import { CliUsageError, USAGE, parseCliArgs } from './cli-args.js';
import { listImages } from './list-images.js';
import { drawPath } from './draw-path.js';
import { ProgressReporter } from './progress-reporter.js';
import { annotateImage } from '@ocr-pool/annotate';

/**
 * `npm run ocr`: reads images with the engine in this process, spreading them over the same
 * inference thread pool the worker uses. Text (or JSON lines) goes to stdout, problems to
 * stderr; the exit code is 1 when any image failed.
 */
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
  const env = new EnvReader(process.env);
  const config = readEngineConfig(env);
  env.done();
  const files = listImages(args.inputs);
  const engine = await createEngine(config, { onWarning: (message) => console.error(`warning: ${message}`) });
  const options = {
    language: args.language,
    confidence_threshold: args.confidenceThreshold,
    use_angle_cls: args.useAngleCls,
  };

  // Enough images in flight to keep every inference thread busy; results print in input order.
  const inFlight = Math.max(2, config.threads * 2);
  const results = new Array<
    | Promise<{
        file: string;
        ms: number;
        image: Uint8Array;
        result?: OcrResult;
        error?: { code: string; message: string };
      }>
    | undefined
  >(files.length);
  let failed = 0;
  let next = 0;
  const drawn = new Set<string>();
  if (args.drawDir !== null) await mkdir(args.drawDir, { recursive: true });
  // One image needs no progress; for more, stderr shows how far along the run is.
  const progress = files.length > 1 ? new ProgressReporter(files.length, process.stderr) : undefined;
  const start = (i: number): void => {
    const file = files[i]!;
    results[i] = (async () => {
      const t0 = performance.now();
      const image = await readFile(file);
      const [outcome] = await engine.recognize([{ image, options }]);
      const ms = Math.round((performance.now() - t0) * 10) / 10;
      return outcome!.ok
        ? { file, ms, image, result: outcome!.result }
        : { file, ms, image, error: { code: outcome!.error.code, message: outcome!.error.message } };
    })();
  };
  for (; next < Math.min(inFlight, files.length); next++) start(next);
  for (let i = 0; i < files.length; i++) {
    const { file, ms, image, result, error } = await results[i]!;
    // Printed results are let go: the array must not keep every image of the run alive.
    results[i] = undefined;
    if (next < files.length) start(next++);
    if (error) failed++;
    progress?.clear();
    if (result && args.drawDir !== null) {
      await writeFile(drawPath(args.drawDir, file, drawn), await annotateImage(image, result));
    }
    if (args.json) {
      const line = result
        ? {
            file,
            lines: result.lines,
            text: result.text,
            overall_confidence: result.overall_confidence,
            boxes: result.text_boxes,
            ms,
          }
        : { file, error, ms };
      process.stdout.write(`${JSON.stringify(line)}\n`);
    } else if (error) {
      console.error(`${file}: ${error.code}: ${error.message}`);
    } else {
      if (files.length > 1) process.stdout.write(`==> ${file} <==\n`);
      process.stdout.write(`${result!.text}\n`);
    }
    progress?.tick();
  }
  progress?.finish();
  await engine.close();
  return failed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
