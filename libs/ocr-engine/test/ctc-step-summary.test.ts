import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EnvReader, ErrorCodes, OcrError } from '@ocr-pool/contracts';
import ort from 'onnxruntime-node';
import sharp from 'sharp';
import { bundledPack, createEngine, readEngineConfig } from '../src/index.js';
import { optimiseModel } from '../src/runtime/graph/optimise-model.js';
import { CTC_ALLOWED_INPUT, CTC_OUTPUTS, addCtcStepSummary } from '../src/runtime/graph/ctc-step-summary.js';
import { CharDictionary } from '../src/recognize/char-dictionary.js';
import { alikeClassesOf, summariseSoftmax } from '../src/recognize/ctc-steps.js';
import { LOOK_ALIKE_GROUPS } from '../src/recognize/letter-case.js';
import { languageMask } from '../src/languages/script-mask.js';

/**
 * The recogniser's graph ends in the summary greedy decoding reads; it must be exactly what the
 * decoder used to compute from the softmax, masks and look-alikes included.
 */
const pack = bundledPack();
const dict = CharDictionary.parse(readFileSync(pack.dict, 'utf8'), pack.useSpaceChar);
const alikeClasses = alikeClassesOf(dict.lookAlikes(LOOK_ALIKE_GROUPS));
const WIDTH = 320;

/** Two 48 px lines of printed text, normalised as the recogniser reads them. */
async function twoLines(): Promise<Float32Array> {
  const plane = 48 * WIDTH;
  const input = new Float32Array(2 * 3 * plane);
  const texts = ['Total 0O1l: 42,50 EUR', '合计 Invoice 7 cO0'];
  for (const [line, text] of texts.entries()) {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="48"><rect width="100%" height="100%" fill="white"/><text x="4" y="34" font-family="DejaVu Sans, Noto Sans CJK SC, sans-serif" font-size="24">${text}</text></svg>`;
    const { data } = await sharp(Buffer.from(svg)).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    for (let i = 0; i < plane; i++)
      for (let c = 0; c < 3; c++) input[(line * 3 + c) * plane + i] = (data[i * 3 + (2 - c)]! / 255 - 0.5) / 0.5;
  }
  return input;
}

test('the summarised recogniser reports what the decoder read from its softmax, under each line mask', async () => {
  const float = optimiseModel(readFileSync(pack.rec)).bytes;
  const summarised = addCtcStepSummary(float, { spaceIndex: dict.spaceIndex, alikeClasses });
  const full = await ort.InferenceSession.create(float);
  const summary = await ort.InferenceSession.create(summarised);
  assert.deepEqual([...summary.inputNames].sort(), [CTC_ALLOWED_INPUT, 'x'].sort());

  const x = new ort.Tensor('float32', await twoLines(), [2, 3, 48, WIDTH]);
  const probs = (await full.run({ x }))[full.outputNames[0]!]!;
  const [lines, steps, classes] = probs.dims as [number, number, number];
  const english = languageMask('en', dict);
  assert.ok(english, 'English limits the classes');
  const masks = [english, undefined];
  const allowed = new Float32Array(lines * classes);
  masks.forEach((mask, i) =>
    allowed.set(mask ? Float32Array.from(mask) : new Float32Array(classes).fill(1), i * classes),
  );

  const want = summariseSoftmax(
    probs.data as Float32Array,
    [lines, steps, classes],
    dict.spaceIndex,
    alikeClasses,
    masks,
  );
  const got = await summary.run({ x, [CTC_ALLOWED_INPUT]: new ort.Tensor('float32', allowed, [lines, 1, classes]) });
  assert.deepEqual(Array.from(got[CTC_OUTPUTS.best]!.data as Int32Array), Array.from(want.best));
  assert.deepEqual(got[CTC_OUTPUTS.best]!.dims, [lines, steps]);
  for (const [name, expected] of [
    [CTC_OUTPUTS.bestProb, want.bestProb],
    [CTC_OUTPUTS.spaceProb, want.spaceProb!],
    [CTC_OUTPUTS.alikeProbs, want.alikeProbs!],
  ] as const) {
    const actual = got[name]!.data as Float32Array;
    assert.equal(actual.length, expected.length, name);
    actual.forEach((v, i) =>
      assert.ok(Math.abs(v - expected[i]!) <= 1e-6, `${name}[${i}]: ${v} against ${expected[i]}`),
    );
  }
  // The lines read something, and the mask changed what the Chinese line may read.
  const chars = (line: number) =>
    Array.from(want.best.subarray(line * steps, (line + 1) * steps))
      .filter((c) => c !== 0)
      .map((c) => dict.chars[c])
      .join('');
  assert.match(chars(0), /42/);
  assert.match(chars(1), /合/);
  await Promise.all([full.release(), summary.release()]);
});

test('a model that does not end in a softmax over classes is refused', () => {
  assert.throws(
    () => addCtcStepSummary(readFileSync(pack.det), { spaceIndex: -1, alikeClasses: [] }),
    /a CTC recogniser must end in one Softmax over axis 2/,
  );
});

test('a pack whose recogniser does not end in a softmax fails start-up naming its file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pack-no-softmax-'));
  copyFileSync(pack.det, join(dir, 'rec.onnx'));
  copyFileSync(pack.dict, join(dir, 'dict.txt'));
  writeFileSync(
    join(dir, 'manifest.json'),
    JSON.stringify({ name: 'odd', version: '1', languages: ['fr'], rec: 'rec.onnx', dict: 'dict.txt' }),
  );
  const env = new EnvReader({ OCR_INFERENCE_THREADS: '1', OCR_TESSERACT: 'off', OCR_MODEL_DIR: dir });
  await assert.rejects(
    createEngine(readEngineConfig(env)),
    (error: unknown) =>
      error instanceof OcrError &&
      error.code === ErrorCodes.MODEL_PACK_INVALID &&
      error.message.includes(`Cannot build the recogniser from ${join(dir, 'rec.onnx')}`) &&
      /must end in one Softmax over axis 2/.test(error.message),
  );
});
