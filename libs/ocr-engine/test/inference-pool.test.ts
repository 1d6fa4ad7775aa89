import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ErrorCodes, OcrError } from '@ocr-pool/contracts';
import { bundledPack } from '../src/index.js';
import { InferencePool } from '../src/runtime/inference-pool.js';
import { DEFAULT_SESSION_SETTINGS } from '../src/runtime/execution-provider.js';
import { GPU_RECOGNIZE_PARAMS } from '../src/recognize/recognize-lines.js';
import type { ReadTask } from '../src/runtime/inference-tasks.js';
import type { LineCrop } from '../src/recognize/line-crop.js';

/** The inference pool with the real models, fed read tasks directly (the GPU shape: one thread, pages joined). */
let pool: InferencePool;
const pack = bundledPack();

before(async () => {
  pool = await InferencePool.start({ packs: [pack], settings: DEFAULT_SESSION_SETTINGS, threads: 1 });
});
after(() => pool.close());

function blankCrop(width: number, height = 48): LineCrop {
  return { width, height, data: new Uint8Array(width * height * 3).fill(255), xScale: 1, sourceHeight: height };
}

const readOf = (crops: LineCrop[]): ReadTask => ({
  kind: 'read',
  pack: pack.id,
  params: GPU_RECOGNIZE_PARAMS,
  pages: [{ crops, language: 'en', upsideDown: false }],
});

test('when a joined read fails, its pages are read again one by one and only the page at fault fails', async () => {
  const before = pool.usage().recognizerRuns;
  // The recogniser refuses a 32 px tall input; this crop is the widest, so it is a batch of its own.
  const good = pool.run(readOf([blankCrop(200), blankCrop(210)]), 1);
  const bad = pool.run(readOf([blankCrop(3000, 32)]), 2);
  const [goodLines, badOutcome] = await Promise.allSettled([good, bad]);

  assert.equal(goodLines.status, 'fulfilled');
  assert.equal(goodLines.value.length, 1);
  assert.equal(goodLines.value[0]!.length, 2);
  assert.equal(badOutcome.status, 'rejected');
  const error = badOutcome.reason as unknown;
  assert.ok(error instanceof OcrError);
  assert.equal(error.code, ErrorCodes.ENGINE_FAILURE);
  // The good page's batch ran twice: once in the joined read that failed, once on its own.
  assert.equal(pool.usage().recognizerRuns - before, 2);
});

test('reads queued together leave as one task: one recogniser batch for two pages', async () => {
  const before = pool.usage();
  const pages = await Promise.all([pool.run(readOf([blankCrop(200)]), 1), pool.run(readOf([blankCrop(220)]), 2)]);
  assert.deepEqual(
    pages.map((p) => p.length),
    [1, 1],
  );
  const after = pool.usage();
  assert.deepEqual(
    [after.recognizerRuns - before.recognizerRuns, after.recognizerLines - before.recognizerLines],
    [1, 2],
  );
});

test('a pool whose dead thread cannot be replaced fails its tasks with the reason, and recovers once one starts', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'pool-restart-'));
  const det = join(dir, 'det.onnx');
  await copyFile(pack.det, det);
  const warnings: string[] = [];
  const fragile = await InferencePool.start({
    packs: [{ ...pack, det }],
    settings: DEFAULT_SESSION_SETTINGS,
    threads: 1,
    onWarning: (message) => warnings.push(message),
  });
  try {
    // The thread dies (out of memory, say) and its replacement cannot load the detector.
    await rm(det);
    await (
      fragile as unknown as { slots: Array<{ worker: { terminate(): Promise<number> } }> }
    ).slots[0]!.worker.terminate();
    while (!warnings.some((w) => w.startsWith('could not restart'))) await new Promise((r) => setTimeout(r, 50));
    await assert.rejects(
      fragile.run(readOf([blankCrop(200)]), 1),
      (e: unknown) =>
        e instanceof OcrError && e.code === ErrorCodes.ENGINE_FAILURE && /No inference thread/.test(e.message),
    );
    // The model is back: a later attempt starts a thread, and tasks run again.
    await copyFile(pack.det, det);
    const deadline = Date.now() + 20_000;
    let lines: unknown;
    while (lines === undefined && Date.now() < deadline) {
      lines = await fragile.run(readOf([blankCrop(200)]), 1).catch(() => undefined);
      if (lines === undefined) await new Promise((r) => setTimeout(r, 200));
    }
    assert.ok(Array.isArray(lines), `no thread came back: ${warnings.join(' | ')}`);
  } finally {
    await fragile.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test('with OCR_DEVICE=auto and no CUDA, the pool says its models run on the CPU (the engine then takes the CPU shape)', async () => {
  const warnings: string[] = [];
  const auto = await InferencePool.start({
    packs: [pack],
    settings: { ...DEFAULT_SESSION_SETTINGS, device: 'auto' },
    threads: 1,
    onWarning: (message) => warnings.push(message),
  });
  try {
    assert.equal(auto.provider, 'cpu');
    assert.ok(warnings.some((w) => /CUDA unavailable/.test(w)));
  } finally {
    await auto.close();
  }
  assert.equal(pool.provider, 'cpu');
});
