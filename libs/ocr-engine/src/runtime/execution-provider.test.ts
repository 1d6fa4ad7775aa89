import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorCodes, OcrError } from '@ocr-pool/contracts';
import { bundledPack } from '../packs/bundled-pack.js';
import { DEFAULT_SESSION_SETTINGS, createSession } from './execution-provider.js';

/**
 * The device choice on a machine without CUDA (onnxruntime-node's CPU build, as installed here):
 * an explicit `cuda` fails fast with a code and what to install, `auto` falls back to CPU and says
 * so, `cpu` never tries CUDA. On a GPU machine with the CUDA build the first two would load CUDA.
 */
const model = bundledPack().cls;

test('OCR_DEVICE=cuda without CUDA fails fast with EXECUTION_PROVIDER_UNAVAILABLE and what to install', async () => {
  const error = await createSession(model, { ...DEFAULT_SESSION_SETTINGS, device: 'cuda' }).then(
    () => assert.fail('a CUDA session loaded on a machine without CUDA'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof OcrError);
  assert.equal(error.code, ErrorCodes.EXECUTION_PROVIDER_UNAVAILABLE);
  assert.match(error.message, /OCR_DEVICE=cuda but the CUDA execution provider did not load/);
  assert.match(error.message, /set OCR_DEVICE=cpu or auto/);
});

test('OCR_DEVICE=auto without CUDA runs on CPU and reports the fallback once', async () => {
  const warnings: string[] = [];
  const { session, provider } = await createSession(model, { ...DEFAULT_SESSION_SETTINGS, device: 'auto' }, (m) =>
    warnings.push(m),
  );
  try {
    assert.equal(provider, 'cpu');
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /^CUDA unavailable, running on CPU: /);
  } finally {
    await session.release();
  }
});

test('OCR_DEVICE=cpu loads on CPU without trying CUDA', async () => {
  const warnings: string[] = [];
  const { session, provider } = await createSession(model, DEFAULT_SESSION_SETTINGS, (m) => warnings.push(m));
  await session.release();
  assert.deepEqual([provider, warnings], ['cpu', []]);
});
