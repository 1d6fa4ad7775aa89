import { test } from 'node:test';
import assert from 'node:assert/strict';
import { characterErrorRate, levenshtein } from './text-distance.js';

test('edit distance counts code points', () => {
  assert.equal(levenshtein('kitten', 'sitting'), 3);
  assert.equal(levenshtein('', 'abc'), 3);
  assert.equal(levenshtein('한국', '한국어'), 1);
});

test('character error rate divides by the length of the truth', () => {
  assert.equal(characterErrorRate('영수중', '영수증'), 1 / 3);
  assert.equal(characterErrorRate('', ''), 0);
});
