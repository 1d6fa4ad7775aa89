import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { EnvReader, type OcrOptions } from '@ocr-pool/contracts';
import { bundledPack, createEngine, readEngineConfig, type OcrEngine } from '../src/index.js';
import { cpuInt8Support } from '../src/runtime/cpu-int8-support.js';
import { INVOICE_LINES, INVOICE_SIZE, INVOICE_TEXT, renderText } from './render-text.js';

/**
 * The bundled recogniser in int8 (its calibration ships in `src/packs`) against float, through the
 * whole engine. `auto` takes int8 only where the CPU has VNNI or AVX2; the forced int8 reads run on
 * every CPU, since the graph and its calibration must hold wherever someone sets
 * OCR_REC_PRECISION=int8 (without VNNI with 7-bit weights, whose 16-bit pair sums cannot saturate).
 */
const en: OcrOptions = { language: 'en', confidence_threshold: 0.5, use_angle_cls: true };

async function engineWith(env: Record<string, string>): Promise<OcrEngine> {
  return createEngine(readEngineConfig(new EnvReader({ OCR_INFERENCE_THREADS: '1', OCR_TESSERACT: 'off', ...env })));
}

async function lines(engine: OcrEngine, image: Uint8Array): Promise<string[]> {
  const [outcome] = await engine.recognize([{ image, options: en }]);
  if (!outcome?.ok) assert.fail(outcome?.error.message ?? 'no outcome');
  return outcome.result.lines;
}

test('auto reads in int8 where the CPU has VNNI or AVX2, in float elsewhere, and says why', async () => {
  const engine = await engineWith({});
  try {
    const [choice] = engine.recognisers?.() ?? [];
    const support = cpuInt8Support();
    assert.equal(choice?.pack, 'ppocr-v4-ch@4.0.0');
    // The bundled calibration carries 7-bit bias shifts, so AVX2 alone takes int8 too.
    assert.ok(bundledPack().recCalibration?.biasShift7);
    assert.equal(choice?.precision, support.kind === 'none' ? 'fp32' : 'int8');
    const reasons = {
      vnni: /the CPU has .*vnni|amx/,
      avx2: /AVX2 but no VNNI: 7-bit weights/,
      none: /cpuinfo|flags|neither/,
    };
    assert.match(choice?.reason ?? '', reasons[support.kind]);
  } finally {
    await engine.close();
  }
});

test('the int8 recogniser reads rendered pages as the float one does', async () => {
  const int8 = await engineWith({ OCR_REC_PRECISION: 'int8' });
  const fp32 = await engineWith({ OCR_REC_PRECISION: 'fp32' });
  try {
    assert.deepEqual(
      [...(int8.recognisers?.() ?? []), ...(fp32.recognisers?.() ?? [])].map((c) => c.precision),
      ['int8', 'fp32'],
    );
    for (const rotate of [0, 6, 180]) {
      const page = await renderText(INVOICE_LINES, { ...INVOICE_SIZE, rotate });
      assert.deepEqual(await lines(int8, page), INVOICE_TEXT, `int8, page turned ${rotate}`);
      assert.deepEqual(await lines(fp32, page), INVOICE_TEXT, `fp32, page turned ${rotate}`);
    }
  } finally {
    await Promise.all([int8.close(), fp32.close()]);
  }
});

test('a pack without a calibration reads in float; OCR_REC_PRECISION=int8 refuses to start with it', async () => {
  const bundled = bundledPack();
  const dir = mkdtempSync(join(tmpdir(), 'pack-fp32-'));
  for (const file of [bundled.rec, bundled.dict]) copyFileSync(file, join(dir, basename(file)));
  writeFileSync(
    join(dir, 'manifest.json'),
    JSON.stringify({
      name: 'plain',
      version: '1',
      languages: ['fr'],
      rec: basename(bundled.rec),
      dict: basename(bundled.dict),
    }),
  );
  const engine = await engineWith({ OCR_MODEL_DIR: dir });
  try {
    const plain = engine.recognisers?.().find((c) => c.pack === 'plain@1');
    assert.deepEqual(plain, { pack: 'plain@1', precision: 'fp32', reason: 'the pack has no int8 calibration' });
  } finally {
    await engine.close();
  }
  await assert.rejects(
    engineWith({ OCR_MODEL_DIR: dir, OCR_REC_PRECISION: 'int8' }),
    /OCR_REC_PRECISION=int8, but model pack plain@1 cannot run in int8: the pack has no int8 calibration/,
  );
});

test('a pack naming its calibration reads in int8 with it; one measured on another model is refused', async () => {
  const bundled = bundledPack();
  const dir = mkdtempSync(join(tmpdir(), 'pack-int8-'));
  for (const file of [bundled.rec, bundled.dict]) copyFileSync(file, join(dir, basename(file)));
  const manifest = (calibration: string) =>
    JSON.stringify({
      name: 'calibrated',
      version: '1',
      languages: ['fr'],
      rec: basename(bundled.rec),
      dict: basename(bundled.dict),
      rec_int8_calibration: calibration,
    });
  writeFileSync(join(dir, 'good.json'), JSON.stringify(bundled.recCalibration));
  writeFileSync(join(dir, 'other.json'), JSON.stringify({ ...bundled.recCalibration, modelSha256: '0'.repeat(64) }));

  writeFileSync(join(dir, 'manifest.json'), manifest('good.json'));
  const engine = await engineWith({ OCR_MODEL_DIR: dir, OCR_REC_PRECISION: 'int8' });
  try {
    assert.equal(engine.recognisers?.().find((c) => c.pack === 'calibrated@1')?.precision, 'int8');
    const [outcome] = await engine.recognize([
      { image: await renderText(INVOICE_LINES, INVOICE_SIZE), options: { ...en, language: 'fr' } },
    ]);
    assert.ok(outcome?.ok);
    assert.equal(outcome.result.model.name, 'calibrated');
    assert.deepEqual(outcome.result.lines, INVOICE_TEXT);
  } finally {
    await engine.close();
  }

  writeFileSync(join(dir, 'manifest.json'), manifest('other.json'));
  await assert.rejects(
    engineWith({ OCR_MODEL_DIR: dir, OCR_REC_PRECISION: 'int8' }),
    /calibrated@1 cannot run in int8: its int8 calibration was measured on another recogniser file/,
  );
});
