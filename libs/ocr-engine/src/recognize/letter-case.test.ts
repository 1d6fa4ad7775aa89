import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DecodedChar } from './ctc-decode.js';
import type { InkProfile } from './ink-profile.js';
import { fixLetterCase } from './letter-case.js';

/**
 * A synthetic line: each character is 3 steps (24 px) wide with a 4 px blank between glyphs;
 * its glyph top is at cap height (8) or x-height (20). `unsure` characters report a look-alike.
 */
function line(
  text: string,
  tall: (ch: string, i: number) => boolean,
  unsure: Set<number>,
): { chars: DecodedChar[]; ink: InkProfile } {
  const width = text.length * 24;
  const top = new Int16Array(width).fill(-1),
    bottom = new Int16Array(width).fill(-1),
    columns = new Uint8Array(width);
  const chars = [...text].map((char, i): DecodedChar => {
    for (let x = i * 24 + 2; x < i * 24 + 22; x++) {
      top[x] = tall(char, i) ? 8 : 20;
      bottom[x] = 36;
      columns[x] = 1;
    }
    return { char, prob: 0.9, step: i * 3 + 1, spaceBefore: 0, ...(unsure.has(i) ? { lookAlikeProb: 0.2 } : {}) };
  });
  return { chars, ink: { columns, top, bottom, height: 48 } };
}

const text = (chars: DecodedChar[]): string => chars.map((c) => c.char).join('');

test('an unsure small letter with a capital-height glyph becomes a capital', () => {
  const { chars, ink } = line('wireless', (_, i) => i === 0 || 'l'.includes('wireless'[i]!), new Set([0]));
  assert.equal(text(fixLetterCase(chars, ink)), 'Wireless');
});

test('a letter the recogniser is sure of is left alone whatever its height', () => {
  const { chars, ink } = line('wireless', (_, i) => i === 0, new Set());
  assert.equal(text(fixLetterCase(chars, ink)), 'wireless');
});

test('a zero in a word of letters is an O; an o in a word with digits is a zero', () => {
  const a = line('0rder', (ch, i) => i === 0 || ch === 'd', new Set());
  assert.equal(text(fixLetterCase(a.chars, a.ink)), 'Order');
  const b = line('5ooml', (ch) => '5ool'.includes(ch), new Set([1, 2]));
  assert.equal(text(fixLetterCase(b.chars, b.ink)), '500ml');
});

test('codes that mix letters and digits keep the recogniser reading', () => {
  const { chars, ink } = line('a1b0', (ch) => ch !== 'a', new Set());
  assert.equal(text(fixLetterCase(chars, ink)), 'a1b0');
});
