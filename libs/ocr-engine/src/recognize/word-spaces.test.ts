import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DecodedChar } from './ctc-decode.js';
import { charsToText, insertWordSpaces } from './word-spaces.js';

/** Characters 3 time steps (24 px) apart; `spaces` maps a char index to its spaceBefore. */
function chars(text: string, spaces: Record<number, number> = {}): DecodedChar[] {
  return [...text].map((char, i) => ({ char, prob: 0.99, step: i * 3, spaceBefore: spaces[i] ?? 0 }));
}

/** Ink everywhere except blank runs of `width` px ending just before char index `at`. */
function ink(length: number, gaps: Array<[number, number]>): Uint8Array {
  const cols = new Uint8Array(length).fill(1);
  for (const [at, width] of gaps) {
    const end = at * 24 + 4;
    cols.fill(0, end - width, end);
  }
  return cols;
}

test('a raised space probability in Latin text marks a word gap', () => {
  const out = insertWordSpaces(chars('BillTo', { 4: 0.3 }), ink(200, []), 48);
  assert.equal(charsToText(out), 'Bill To');
});

test('a wide blank gap marks a word gap even when the model is silent', () => {
  const out = insertWordSpaces(chars('abcd'), ink(120, [[2, 24]]), 48);
  assert.equal(charsToText(out), 'ab cd');
});

test('narrow gaps and weak space flicker next to a full stop stay inside the word', () => {
  const out = insertWordSpaces(chars('ab.cd', { 3: 0.1 }), ink(130, [[3, 12]]), 48);
  assert.equal(charsToText(out), 'ab.cd');
});

test('CJK lines get spaces only from wide blank gaps, never next to full-width punctuation', () => {
  assert.equal(charsToText(insertWordSpaces(chars('耳机数量'), ink(100, [[2, 16]]), 48)), '耳机 数量');
  assert.equal(charsToText(insertWordSpaces(chars('称：无'), ink(80, [[2, 30]]), 48)), '称：无');
});
