import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deletePrefix } from './delete-prefix.js';
import { freePort } from './free-port.js';
import { ensureRedis } from './redis-server.js';

const START_STACK = new URL('./start-stack.js', import.meta.url).pathname;

test('npm start takes PORT, WORKER_HEALTH_PORT and REDIS_URL from .env, as the apps do', async () => {
  const redis = await ensureRedis(process.env.REDIS_URL);
  const dir = mkdtempSync(join(tmpdir(), 'start-stack-'));
  const prefix = `test-${randomUUID().slice(0, 8)}`;
  const [port, healthPort, grpcPort] = [await freePort(), await freePort(), await freePort()];
  writeFileSync(
    join(dir, '.env'),
    [
      `PORT=${port}`,
      `WORKER_HEALTH_PORT=${healthPort}`,
      `GRPC_PORT=${grpcPort}`,
      `REDIS_URL=${redis.url}`,
      `QUEUE_PREFIX=${prefix}`,
      'OCR_ENGINE=fake',
      'OCR_TESSERACT=off',
    ].join('\n'),
  );
  const stack = spawn(process.execPath, [START_STACK], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? dir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  for (const stream of [stack.stdout, stack.stderr]) stream.on('data', (chunk: Buffer) => (output += chunk.toString()));
  try {
    for (let i = 0; i < 600 && !output.includes('ocr-pool is running'); i++) {
      if (stack.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.match(output, /ocr-pool is running/, output.slice(-2000));
    assert.match(output, new RegExp(`API\\s+http://127\\.0\\.0\\.1:${port}\\b`));
    assert.ok(!output.includes('started a private redis-server'), 'it used the Redis .env names');
    assert.equal((await fetch(`http://127.0.0.1:${port}/healthz`)).status, 200);
    assert.equal((await fetch(`http://127.0.0.1:${healthPort}/healthz`)).status, 200);
  } finally {
    if (stack.exitCode === null) {
      const exited = new Promise((r) => stack.once('exit', r));
      stack.kill('SIGINT');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
    await deletePrefix(redis.url, prefix);
    await redis.close();
  }
});
