import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decidePageOrientation } from './page-orientation.js';

test('one confidently wrong long line does not flip a page that the other lines say is upright', () => {
  const votes = [{ p180: 0.954, weight: 900 }, ...Array.from({ length: 6 }, () => ({ p180: 0.02, weight: 300 }))];
  assert.equal(decidePageOrientation(votes, 0.5).flipped, false);
});

test('a page whose lines mostly say upside down is flipped', () => {
  const votes = [
    { p180: 0.99, weight: 400 },
    { p180: 0.97, weight: 300 },
    { p180: 0.3, weight: 200 },
  ];
  assert.equal(decidePageOrientation(votes, 0.5).flipped, true);
});

test('no evidence leaves the page upright', () => {
  assert.deepEqual(decidePageOrientation([], 0.5), { flipped: false, score: 0 });
});
