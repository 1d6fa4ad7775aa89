import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cer, normLines, scorePage } from './cer.js';
import { quantile } from './stats.js';
import { formatTable } from './table.js';

test('lines are NFKC-normalised, whitespace-folded, and empty lines dropped', () => {
  assert.deepEqual(normLines(['  a   b ', '', 'x\ny', '１２：３']), ['a b', 'x', 'y', '12:3']);
});

test('page CER joins lines with newlines and micro-averages over pages', () => {
  const a = scorePage(['ab', 'cd'], ['ab', 'cd']);
  const b = scorePage(['abc'], ['ab', 'c']);
  assert.deepEqual(a, { edits: 0, chars: 5, editsNoSpace: 0, charsNoSpace: 4 });
  assert.deepEqual([b.edits, b.editsNoSpace], [1, 0]);
  assert.deepEqual(cer([a, b]), { cer: 1 / 9, cerNoSpace: 0 });
});

test('quantiles use the nearest rank, like the reference scorer', () => {
  assert.equal(quantile([5, 1, 3, 2, 4], 0.5), 3);
  assert.equal(quantile([1, 2, 3, 4], 0.95), 4);
  assert.equal(quantile([], 0.5), undefined);
});

test('tables align columns', () => {
  assert.equal(
    formatTable(
      ['a', 'bb'],
      [
        [1, 22],
        [333, 4],
      ],
    ),
    '  a  bb\n  1  22\n333   4',
  );
});
