import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorCodes, OcrError } from '@ocr-pool/contracts';
import type { ModelPack } from '../packs/model-pack.js';
import { QUANTISATION_SCHEME } from './graph/int8-calibration.js';
import { planRecogniserPrecision } from './recogniser-precision.js';
import type { Int8Support } from './cpu-int8-support.js';

const SHA = 'a'.repeat(64);
const calibrated: ModelPack = {
  id: 'ppocr@1',
  name: 'ppocr',
  version: '1',
  languages: ['en'],
  det: 'det.onnx',
  cls: 'cls.onnx',
  rec: 'rec.onnx',
  dict: 'dict.txt',
  useSpaceChar: true,
  source: 'test',
  recCalibration: { modelSha256: SHA, scheme: QUANTISATION_SCHEME, firstInt8Conv: 'conv', ranges: {} },
};
const { recCalibration: _none, ...uncalibrated } = { ...calibrated, id: 'korean@1' };
const vnni: Int8Support = { kind: 'vnni', detail: 'the CPU has avx512_vnni' };
const noVnni: Int8Support = { kind: 'avx2', detail: 'the CPU has AVX2 but no VNNI' };
const arm: Int8Support = { kind: 'none', detail: 'no x86 feature flags in /proc/cpuinfo' };
const with7BitShifts: ModelPack = {
  ...calibrated,
  recCalibration: { ...calibrated.recCalibration!, biasShift7: { conv: [0.5] } },
};
const sha = (): string => SHA;

test('auto runs a calibrated recogniser in int8 on a CPU with VNNI, and others in float with the reason', () => {
  const { packs, choices } = planRecogniserPrecision([calibrated, uncalibrated], 'auto', 'cpu', vnni, sha);
  assert.deepEqual(
    packs.map((p) => (p.recInt8 ? 'int8' : 'fp32')),
    ['int8', 'fp32'],
  );
  assert.deepEqual(choices, [
    { pack: 'ppocr@1', precision: 'int8', reason: 'the CPU has avx512_vnni' },
    { pack: 'korean@1', precision: 'fp32', reason: 'the pack has no int8 calibration' },
  ]);
});

test('auto takes 7-bit int8 on AVX2 without VNNI only with bias shifts measured for 7-bit weights', () => {
  const { packs, choices } = planRecogniserPrecision([with7BitShifts, calibrated], 'auto', 'cpu', noVnni, sha);
  assert.deepEqual(
    packs.map((p) => p.recInt8?.weightBits),
    [7, undefined],
  );
  assert.match(choices[0]!.reason, /AVX2 but no VNNI: 7-bit weights, with the bias shifts measured for them/);
  assert.match(
    choices[1]!.reason,
    /calibration has no 7-bit bias shifts \(npm run bench -- calibrate --weight-bits 7\)/,
  );
  const elsewhere = planRecogniserPrecision([with7BitShifts], 'auto', 'cpu', arm, sha).choices[0]!;
  assert.equal(elsewhere.precision, 'fp32');
  assert.match(elsewhere.reason, /never measured to pay/);
});

test('auto stays in float on CUDA, and with a calibration of another model or scheme', () => {
  const plan = (pack: ModelPack, device: 'cpu' | 'cuda' | 'auto' = 'cpu', support = vnni) =>
    planRecogniserPrecision([pack], 'auto', device, support, sha).choices[0]!;
  assert.match(plan(calibrated, 'cuda').reason, /OCR_DEVICE=cuda: int8 recognisers run on the CPU only/);
  assert.match(plan(calibrated, 'auto').reason, /OCR_DEVICE=auto/);
  const otherModel = { ...calibrated, recCalibration: { ...calibrated.recCalibration!, modelSha256: 'b'.repeat(64) } };
  assert.match(plan(otherModel).reason, /measured on another recogniser file/);
  const oldScheme = {
    ...calibrated,
    recCalibration: { ...calibrated.recCalibration!, scheme: QUANTISATION_SCHEME - 1 },
  };
  assert.match(plan(oldScheme).reason, /for scheme/);
  for (const pack of [otherModel, oldScheme]) assert.equal(plan(pack).precision, 'fp32');
});

test('int8 insists: a pack that cannot is a start-up error naming it; without VNNI its weights are 7-bit', () => {
  assert.throws(
    () => planRecogniserPrecision([calibrated, uncalibrated], 'int8', 'cpu', vnni, sha),
    (error: unknown) =>
      error instanceof OcrError &&
      error.code === ErrorCodes.MODEL_PACK_INVALID &&
      /korean@1 cannot run in int8: the pack has no int8 calibration/.test(error.message),
  );
  const { packs, choices } = planRecogniserPrecision([calibrated], 'int8', 'cpu', noVnni, sha);
  assert.equal(choices[0]!.precision, 'int8');
  assert.equal(packs[0]!.recInt8?.weightBits, 7);
  assert.match(choices[0]!.reason, /7-bit weights, so its 16-bit sums cannot saturate/);
  assert.equal(planRecogniserPrecision([calibrated], 'int8', 'cpu', vnni, sha).packs[0]!.recInt8?.weightBits, 8);
});

test('fp32 never quantises, and checks nothing', () => {
  const { packs } = planRecogniserPrecision([calibrated, uncalibrated], 'fp32', 'cpu', vnni, () => {
    throw new Error('not read');
  });
  assert.deepEqual(
    packs.map((p) => (p.recInt8 ? 'int8' : 'fp32')),
    ['fp32', 'fp32'],
  );
});
