import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { OcrResult } from './ocr-result.js';
import { parseOcrResult } from './ocr-result-schema.js';

const result: OcrResult = {
  text: 'Total 49.70',
  overall_confidence: 0.97,
  text_boxes: [
    {
      text: 'Total 49.70',
      confidence: 0.97,
      box: [
        [1, 2],
        [90, 2],
        [90, 20],
        [1, 20],
      ],
      line: 0,
    },
  ],
  lines: ['Total 49.70'],
  width: 100,
  height: 24,
  angle: 0,
  language: 'en',
  model: { engine: 'ppocr', name: 'ppocr-v4-ch', version: '4.0.0' },
  timings_ms: { decode: 1, detect: 2, classify: 3, recognize: 4, total: 10 },
};

test('a result reads back from its JSON text and from the parsed value', () => {
  assert.deepEqual(parseOcrResult(JSON.stringify(result)), { ok: true, result });
  assert.deepEqual(parseOcrResult(structuredClone(result)), { ok: true, result });
});

test('a result of another shape is refused, naming what is wrong', () => {
  const { text_boxes: _dropped, ...withoutBoxes } = result;
  const missing = parseOcrResult(withoutBoxes);
  assert.equal(missing.ok, false);
  assert.match(!missing.ok ? missing.problems : '', /^text_boxes: /);
  const badBox = parseOcrResult({ ...result, text_boxes: [{ ...result.text_boxes[0], box: [[1, 2]] }] });
  assert.match(!badBox.ok ? badBox.problems : '', /^text_boxes\.0\.box/);
  assert.deepEqual(parseOcrResult('{"text": '), { ok: false, problems: '(root): not JSON' });
  assert.equal(parseOcrResult(null).ok, false);
});
