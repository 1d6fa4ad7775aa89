import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Quad } from '@ocr-pool/contracts';
import { extendAlongText, quadAngle, quadHeight, quadWidth, rotateCorners } from './quad-math.js';

const box: Quad = [
  [0, 0],
  [100, 0],
  [100, 20],
  [0, 20],
];

test('width runs along the text and height across it', () => {
  assert.equal(quadWidth(box), 100);
  assert.equal(quadHeight(box), 20);
  assert.equal(quadAngle(box), 0);
});

test('rotateCorners by two steps reads an upside-down box from its other corner', () => {
  assert.deepEqual(rotateCorners(box, 2), [
    [100, 20],
    [0, 20],
    [0, 0],
    [100, 0],
  ]);
  assert.deepEqual(rotateCorners(box, 4), box);
});

test('extendAlongText lengthens both ends along the text direction only', () => {
  const e = extendAlongText(box, 5);
  assert.deepEqual(e, [
    [-5, 0],
    [105, 0],
    [105, 20],
    [-5, 20],
  ]);
});
