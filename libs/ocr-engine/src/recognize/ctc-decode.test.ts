import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CharDictionary } from './char-dictionary.js';
import { ctcDecode } from './ctc-decode.js';
import { alikeClassesOf, summariseSoftmax } from './ctc-steps.js';

// Classes: 0 blank, 1 'a', 2 'b', 3 'o', 4 'O', 5 '0', 6 '中', 7 ' '.
const dict = CharDictionary.parse('a\nb\no\nO\n0\n中\n', true);
const C = dict.classCount;

/** A one-line softmax whose unnamed probability goes to the blank, summarised as the model would. */
function line(
  rows: Array<Record<number, number>>,
  { mask, alikes }: { mask?: Uint8Array; alikes?: ReadonlyMap<number, readonly number[]> } = {},
) {
  const probs = new Float32Array(rows.length * C);
  rows.forEach((row, t) => {
    const rest = 1 - Object.values(row).reduce((a, b) => a + b, 0);
    probs[t * C] = rest;
    for (const [c, p] of Object.entries(row)) probs[t * C + Number(c)] = p;
  });
  const summary = summariseSoftmax(probs, [1, rows.length, C], dict.spaceIndex, alikes ? alikeClassesOf(alikes) : [], [
    mask,
  ]);
  return ctcDecode(summary, 0, dict, alikes);
}

test('the dictionary adds the blank first and the space last', () => {
  assert.equal(C, 8);
  assert.equal(dict.spaceIndex, 7);
  assert.equal(dict.chars[1], 'a');
});

test('repeats collapse, blanks separate, and confidence is the mean of kept characters', () => {
  const read = line([{ 1: 0.9 }, { 1: 0.8 }, {}, { 1: 0.7 }, { 2: 0.6 }]);
  assert.equal(read.chars.map((c) => c.char).join(''), 'aab');
  assert.deepEqual(
    read.chars.map((c) => c.step),
    [0, 3, 4],
  );
  assert.ok(Math.abs(read.confidence - (0.9 + 0.7 + 0.6) / 3) < 1e-6);
});

test('nothing read gives empty text and confidence 0', () => {
  const read = line([{}, {}]);
  assert.equal(read.chars.length, 0);
  assert.equal(read.confidence, 0);
});

test('a mask keeps disallowed classes out even when they win', () => {
  const mask = dict.maskFor((ch) => ch !== '中');
  assert.equal(line([{ 6: 0.45, 3: 0.3 }], { mask }).chars[0]?.char, 'o');
  assert.equal(line([{ 6: 0.45, 3: 0.3 }]).chars[0]?.char, '中');
});

test('the space probability of each gap and the look-alike probability are reported', () => {
  const alikes = dict.lookAlikes(['oO0']);
  const read = line([{ 1: 0.9 }, { 7: 0.3 }, { 3: 0.7, 5: 0.2 }], { alikes });
  assert.equal(read.chars.map((c) => c.char).join(''), 'ao');
  assert.ok(Math.abs(read.chars[1]!.spaceBefore - 0.3) < 1e-6);
  assert.ok(Math.abs(read.chars[1]!.lookAlikeProb! - 0.2) < 1e-6);
});
