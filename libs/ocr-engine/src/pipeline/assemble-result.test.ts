import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type AssembleInput, assembleResult, rotatePoint } from './assemble-result.js';

const base: Omit<AssembleInput, 'boxes'> = {
  width: 800,
  height: 600,
  angle: 0,
  confidenceThreshold: 0.5,
  language: 'en',
  model: { engine: 'ppocr', name: 'test', version: '1' },
  timings: { decode: 1, detect: 2, classify: 3, recognize: 4, total: 10 },
};

test('boxes below the threshold are dropped; the rest form lines and the page text', () => {
  const result = assembleResult({
    ...base,
    boxes: [
      {
        quad: [
          [400, 10],
          [500, 10],
          [500, 30],
          [400, 30],
        ],
        text: '12.50',
        confidence: 0.9,
      },
      {
        quad: [
          [10, 10],
          [200, 10],
          [200, 30],
          [10, 30],
        ],
        text: 'Total',
        confidence: 0.8,
      },
      {
        quad: [
          [10, 60],
          [200, 60],
          [200, 80],
          [10, 80],
        ],
        text: 'noise',
        confidence: 0.3,
      },
      {
        quad: [
          [10, 100],
          [200, 100],
          [200, 120],
          [10, 120],
        ],
        text: 'Thanks',
        confidence: 1,
      },
    ],
  });
  assert.equal(result.text, 'Total 12.50\nThanks');
  assert.deepEqual(result.lines, ['Total 12.50', 'Thanks']);
  assert.deepEqual(
    result.text_boxes.map((b) => [b.text, b.line]),
    [
      ['Total', 0],
      ['12.50', 0],
      ['Thanks', 1],
    ],
  );
  // Weighted by text length: (0.8*5 + 0.9*5 + 1*6) / 16
  assert.equal(result.overall_confidence, Math.round(((0.8 * 5 + 0.9 * 5 + 6) / 16) * 10000) / 10000);
});

test('an empty page has empty text and confidence 0', () => {
  const result = assembleResult({ ...base, boxes: [] });
  assert.equal(result.text, '');
  assert.equal(result.overall_confidence, 0);
});

test('upside-down pages are ordered as the reader holds them', () => {
  // Two lines of an upside-down page: the one lower in the image is read first.
  const result = assembleResult({
    ...base,
    angle: 180,
    boxes: [
      {
        quad: [
          [700, 100],
          [100, 100],
          [100, 80],
          [700, 80],
        ],
        text: 'second',
        confidence: 1,
      },
      {
        quad: [
          [700, 500],
          [100, 500],
          [100, 480],
          [700, 480],
        ],
        text: 'first',
        confidence: 1,
      },
    ],
  });
  assert.equal(result.text, 'first\nsecond');
});

test('rotatePoint maps image points into the turned page', () => {
  assert.deepEqual(rotatePoint([10, 20], 180, 100, 50), [90, 30]);
  assert.deepEqual(rotatePoint([10, 20], 90, 100, 50), [30, 10]);
  assert.deepEqual(rotatePoint([10, 20], 0, 100, 50), [10, 20]);
});
