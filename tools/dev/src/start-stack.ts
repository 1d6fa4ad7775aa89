#!/usr/bin/env node
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadEnvFile } from 'node:process';
import { fileURLToPath } from 'node:url';
import type { LanguagesResponse } from '@ocr-pool/contracts';
import { KOREAN_TESSERACT_PACKAGE, REDIS_PACKAGE, ensureOsPackage, installHint } from './os-packages.js';
import { DEFAULT_REDIS_URL, PrivateRedis, pingRedis } from './redis-server.js';

/**
 * `npm start`: the whole service on its embedded defaults, on one machine. Uses the Redis at
 * REDIS_URL (default 127.0.0.1:6379) when it answers, else starts a private redis-server (installing
 * it, and tesseract for Korean, where apt-get may run without a prompt); then one
 * gateway and one worker with the bundled models, and prints where to send images. Ctrl-C stops
 * everything (the worker finishes the batch in hand first).
 */
const ROOT = resolve(fileURLToPath(import.meta.url), '../../../../..');
const GATEWAY = resolve(ROOT, 'apps/gateway/dist/src/main.js');
const WORKER = resolve(ROOT, 'apps/worker/dist/src/main.js');

async function main(): Promise<void> {
  // The apps read .env themselves, but this script sets PORT, REDIS_URL and WORKER_HEALTH_PORT for
  // them (and a set variable wins over .env): it reads the same file first, not overriding the shell.
  if (existsSync('.env')) loadEnvFile('.env');
  const wanted = process.env.REDIS_URL ?? DEFAULT_REDIS_URL;
  let redis: PrivateRedis | undefined;
  let redisUrl = wanted;
  if (!(await pingRedis(wanted))) {
    if (ensureOsPackage(REDIS_PACKAGE, log) === 'missing') {
      console.error(
        `No Redis answers at ${wanted}, and redis-server is not installed; or set REDIS_URL to a running Redis.`,
      );
      process.exit(1);
    }
    redis = await PrivateRedis.start();
    redisUrl = redis.url;
    console.log(`started a private redis-server at ${redisUrl} (data is discarded on exit)`);
  }
  if (process.env.OCR_TESSERACT !== 'off') ensureOsPackage(KOREAN_TESSERACT_PACKAGE, log);
  const port = process.env.PORT ?? '3000';
  const healthPort = process.env.WORKER_HEALTH_PORT ?? '9465';
  const env = { ...process.env, REDIS_URL: redisUrl, PORT: port, WORKER_HEALTH_PORT: healthPort };
  const children: ChildProcess[] = [run('worker', WORKER, env), run('gateway', GATEWAY, env)];

  let stopping = false;
  const stop = async (code: number): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await Promise.all(children.map((child) => exited(child, 'SIGTERM')));
    await redis?.destroy();
    process.exit(code);
  };
  for (const child of children) child.once('exit', (code) => void stop(stopping ? 0 : code || 1));
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  const host = process.env.HOST ?? '127.0.0.1';
  const base = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  await waitUntilReady(`${base}/readyz`);
  await waitUntilReady(`http://127.0.0.1:${healthPort}/readyz`);
  const languages = await servedLanguages(base);
  console.log(`
ocr-pool is running (Ctrl-C to stop)
  API         ${base}      docs: ${base}/docs
  gRPC        127.0.0.1:${process.env.GRPC_PORT ?? '50051'}   (ocr.v1.OcrService, health, reflection)
  metrics     ${base}/metrics   worker: http://127.0.0.1:${healthPort}/metrics
  redis       ${redisUrl}
  languages   ${languages.map((l) => `${l.code} (${l.engine})`).join(', ') || 'none published yet'}

try it:
  curl -F image=@receipt.png -F language=en ${base}/extract_text
  curl -F image=@receipt.png ${base}/v1/jobs      # then GET ${base}/v1/jobs/<id>?wait=10
`);
  if (languages.length > 0 && !languages.some((l) => l.code === 'ko')) {
    log(
      `Korean (the default language of /extract_text) is not available: ${installHint(KOREAN_TESSERACT_PACKAGE)}, ` +
        'then restart. Until then send language=en or language=ch to the old routes.',
    );
  }
}

/** Workers publish their languages shortly after they become ready. */
async function servedLanguages(base: string): Promise<LanguagesResponse['languages']> {
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      const body = (await (await fetch(`${base}/v1/languages`)).json()) as LanguagesResponse;
      if (body.languages.length > 0) return body.languages;
    } catch {
      // the gateway restarts or Redis is slow: try again
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return [];
}

function log(line: string): void {
  console.log(`[start] ${line}`);
}

function run(name: string, script: string, env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, [script], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  for (const stream of [child.stdout, child.stderr]) {
    if (stream) createInterface({ input: stream }).on('line', (line) => process.stdout.write(`[${name}] ${line}\n`));
  }
  return child;
}

function exited(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

async function waitUntilReady(url: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not become ready within ${timeoutMs / 1000} s`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
