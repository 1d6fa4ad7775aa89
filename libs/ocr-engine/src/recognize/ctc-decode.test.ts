import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CharDictionary } from './char-dictionary.js';
import { ctcDecode } from './ctc-decode.js';

// Classes: 0 blank, 1 'a', 2 'b', 3 'o', 4 'O', 5 '0', 6 '中', 7 ' '.
const dict = CharDictionary.parse('a\nb\no\nO\n0\n中\n', true);
const C = dict.classCount;

function steps(rows: Array<Record<number, number>>): Float32Array {
  const probs = new Float32Array(rows.length * C);
  rows.forEach((row, t) => {
    const rest = 1 - Object.values(row).reduce((a, b) => a + b, 0);
    probs[t * C] = rest;
    for (const [c, p] of Object.entries(row)) probs[t * C + Number(c)] = p;
  });
  return probs;
}

test('the dictionary adds the blank first and the space last', () => {
  assert.equal(C, 8);
  assert.equal(dict.spaceIndex, 7);
  assert.equal(dict.chars[1], 'a');
});

test('repeats collapse, blanks separate, and confidence is the mean of kept characters', () => {
  const line = ctcDecode(steps([{ 1: 0.9 }, { 1: 0.8 }, {}, { 1: 0.7 }, { 2: 0.6 }]), 0, 5, C, dict);
  assert.equal(line.chars.map((c) => c.char).join(''), 'aab');
  assert.deepEqual(
    line.chars.map((c) => c.step),
    [0, 3, 4],
  );
  assert.ok(Math.abs(line.confidence - (0.9 + 0.7 + 0.6) / 3) < 1e-6);
});

test('nothing read gives empty text and confidence 0', () => {
  const line = ctcDecode(steps([{}, {}]), 0, 2, C, dict);
  assert.equal(line.chars.length, 0);
  assert.equal(line.confidence, 0);
});

test('a mask keeps disallowed classes out even when they win', () => {
  const mask = dict.maskFor((ch) => ch !== '中');
  const line = ctcDecode(steps([{ 6: 0.45, 3: 0.3 }]), 0, 1, C, dict, mask);
  assert.equal(line.chars[0]?.char, 'o');
});

test('the space probability of each gap and the look-alike probability are reported', () => {
  const alikes = dict.lookAlikes(['oO0']);
  const line = ctcDecode(steps([{ 1: 0.9 }, { 7: 0.3 }, { 3: 0.7, 5: 0.2 }]), 0, 3, C, dict, undefined, alikes);
  assert.equal(line.chars.map((c) => c.char).join(''), 'ao');
  assert.ok(Math.abs(line.chars[1]!.spaceBefore - 0.3) < 1e-6);
  assert.ok(Math.abs(line.chars[1]!.lookAlikeProb! - 0.2) < 1e-6);
});
