import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Quad } from '@ocr-pool/contracts';
import { pageAngle } from './page-result.js';

/** A box whose text runs from (x0, y0) towards (x1, y1). */
const box = (x0: number, y0: number, x1: number, y1: number, text: string): { quad: Quad; text: string } => ({
  quad: [
    [x0, y0],
    [x1, y1],
    [x1 + 1, y1 + 1],
    [x0 + 1, y0 + 1],
  ],
  text,
});

test('the page angle follows the way most of its text runs', () => {
  const across = box(10, 10, 300, 10, 'Harbor Street Supplies');
  const down = box(50, 10, 50, 300, 'Harbor Street Supplies');
  const up = box(50, 300, 50, 10, 'Harbor Street Supplies');
  assert.equal(pageAngle([across], false), 0);
  assert.equal(pageAngle([across], true), 180);
  assert.equal(pageAngle([down, down], false), 270);
  assert.equal(pageAngle([up, up], true), 90);
  // A vertical label beside more text running across leaves an upright page upright.
  assert.equal(pageAngle([across, across, box(5, 10, 5, 200, 'SIDE')], false), 0);
  // Boxes without text have no say.
  assert.equal(pageAngle([across, box(5, 10, 5, 200, ''), box(6, 10, 6, 200, ' ')], false), 0);
});
