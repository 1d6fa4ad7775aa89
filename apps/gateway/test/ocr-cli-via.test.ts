import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KEYS, StackFixture, form, png } from './stack-fixture.js';

/**
 * `npm run ocr -- --via URL`: the CLI reads images through a real gateway and worker (the fake
 * engine: this is about the client's path, not the models) over loopback: results in input
 * order in the local CLI's JSON format, each image's own error, the API key, and a full queue
 * waited out until a worker drains it.
 */
const CLI = resolve(fileURLToPath(import.meta.url), '../../../../../libs/ocr-engine/dist/src/cli/ocr-cli.js');

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runCli(args: string[], env: Record<string, string> = {}, onStderr?: (text: string) => void): Promise<CliRun> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env } });
    let stdout = '',
      stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      onStderr?.(stderr);
    });
    child.once('error', reject);
    child.once('close', (code) => resolveRun({ code, stdout, stderr }));
  });
}

interface JsonLine {
  file: string;
  text?: string;
  error?: { code: string; message: string };
}
const jsonLines = (stdout: string): JsonLine[] =>
  stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as JsonLine);

let dir: string;
const images: string[] = [];
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ocr-cli-via-'));
  for (const width of [41, 42, 43]) {
    const file = join(dir, `w${width}.png`);
    writeFileSync(file, await png(width));
    images.push(file);
  }
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('--via reads each image through the gateway, in input order, and an unreadable file fails alone', async () => {
  const stack = await StackFixture.open({ gatewayEnv: { API_KEYS: `alice:${KEYS.alice}` } });
  try {
    const notAnImage = join(dir, 'notes.txt');
    writeFileSync(notAnImage, 'not an image');
    const run = await runCli(['--via', stack.url, '--key', KEYS.alice, '--json', ...images, notAnImage]);
    assert.equal(run.code, 1, run.stderr);
    const lines = jsonLines(run.stdout);
    assert.deepEqual(
      lines.map((l) => l.file),
      [...images, notAnImage],
    );
    // The fake engine's text names the image's size: each line carries its own image's result.
    lines.slice(0, 3).forEach((line, i) => assert.match(line.text ?? '', new RegExp(`^fake ${41 + i}x20 `)));
    assert.equal(lines[3]!.error?.code, 'IMAGE_UNREADABLE');

    // The key may also come from OCR_API_KEY; without one, or with a wrong one, the gateway's 401
    // stops the run with one line that says what to give, instead of failing every image alike.
    const fromEnv = await runCli(['--via', stack.url, images[0]!], { OCR_API_KEY: KEYS.alice });
    assert.equal(fromEnv.code, 0, fromEnv.stderr);
    assert.match(fromEnv.stdout, /^fake 41x20 /);
    const noKey = await runCli(['--via', stack.url, '--json', ...images], { OCR_API_KEY: '' });
    assert.equal(noKey.code, 1);
    assert.equal(noKey.stdout, '', 'no image was reported as read or failed');
    assert.match(
      noKey.stderr,
      /(^|\n)ocr: the gateway at http:\/\/127\.0\.0\.1:\d+ answered 401 UNAUTHORIZED: .*give a key with --key or OCR_API_KEY\)\n$/,
    );
    const wrongKey = await runCli(['--via', stack.url, '--key', 'not-a-key-0123456789', ...images], {
      OCR_API_KEY: '',
    });
    assert.equal(wrongKey.code, 1);
    assert.match(
      wrongKey.stderr,
      /(^|\n)ocr: .* 401 UNAUTHORIZED: .*\(check the key given with --key or OCR_API_KEY\)\n$/,
    );
  } finally {
    await stack.close();
  }
});

test('--via waits out a full queue (429 + Retry-After) and every image is read once a worker drains it', async () => {
  const stack = await StackFixture.open({
    worker: 'none',
    gatewayEnv: { MAX_QUEUE_DEPTH: '1', QUEUE_FULL_RETRY_AFTER_SECONDS: '1' },
  });
  let workerStarted: Promise<unknown> | undefined;
  try {
    // One job fills the queue before the CLI starts, so each of its images is refused at first.
    const filler = await stack.request('/v1/jobs', {
      method: 'POST',
      body: form({}, [{ field: 'image', bytes: await png(90) }]),
    });
    assert.equal(filler.status, 202);
    const run = await runCli(['--via', stack.url, '--json', '--in-flight', '3', ...images], {}, (stderr) => {
      if (!workerStarted && /QUEUE_FULL \(429\): retrying/.test(stderr)) workerStarted = stack.startWorker('fake');
    });
    assert.ok(workerStarted, `the CLI said it was waiting for the full queue:\n${run.stderr}`);
    assert.equal(run.code, 0, run.stderr);
    const lines = jsonLines(run.stdout);
    assert.deepEqual(
      lines.map((l) => l.text?.split(' ').slice(0, 2).join(' ')),
      ['fake 41x20', 'fake 42x20', 'fake 43x20'],
    );
    const completed = await stack.redis.zcard(`${stack.prefix}:ocr:completed`);
    assert.equal(completed, 4, 'the filler and each image ran once: a refused submit left no job behind');
  } finally {
    // The worker may take jobs before its start has resolved; closing sooner would leave it running.
    await workerStarted?.catch(() => undefined);
    await stack.close();
  }
});

test('an unreachable gateway stops the run with one clear line', async () => {
  const run = await runCli(['--via', 'http://127.0.0.1:9', images[0]!]);
  assert.equal(run.code, 1);
  assert.match(run.stderr, /^ocr: cannot reach the gateway at http:\/\/127\.0\.0\.1:9 /);
});
