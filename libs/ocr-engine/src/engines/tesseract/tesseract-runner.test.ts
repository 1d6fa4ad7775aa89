import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OcrError } from '@ocr-pool/contracts';
import { TesseractRunner } from './tesseract-runner.js';
import { findTesseract } from './tesseract-install.js';

test('a run that cannot make its temp folder fails with ENGINE_FAILURE and gives its slot back', async (t) => {
  const install = await findTesseract();
  if (!install) return t.skip('tesseract is not installed');
  const runner = new TesseractRunner(install.binary, 1);
  const image = new Uint8Array(Buffer.from('P5\n8 8\n255\n' + '\xff'.repeat(64), 'latin1'));
  const saved = process.env.TMPDIR;
  process.env.TMPDIR = '/nonexistent/ocr-pool-test';
  try {
    for (let i = 0; i < 2; i++) {
      await assert.rejects(
        runner.run(image, ['--psm', '7'], ['txt']),
        (e: unknown) => e instanceof OcrError && e.code === 'ENGINE_FAILURE' && /temp folder/.test(e.message),
      );
    }
  } finally {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
  }
  // With one slot, a run after the failures would wait for ever if a failure had kept it.
  const outputs = await runner.run(image, ['--psm', '7'], ['txt']);
  assert.equal(typeof outputs.txt, 'string');
});
