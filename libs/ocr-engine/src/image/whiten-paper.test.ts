import { test } from 'node:test';
import assert from 'node:assert/strict';
import { whitenPaperInPlace } from './whiten-paper.js';

function expected(v: number, white: number): number {
  return Math.min(255, Math.round((v * 255) / white));
}

for (const [label, bytes, offset] of [
  ['a small region, byte by byte', 3 * 1000, 0],
  ['a large strip, two bytes a lookup', 3 * 700_000, 0],
  ['a large strip starting at an odd byte, with an odd length', 3 * 700_000 + 1, 1],
] as const) {
  test(`whitening maps paper and lighter to white and stretches the rest in order: ${label}`, () => {
    const buffer = new Uint8Array(bytes + offset + 1);
    for (let i = 0; i < buffer.length; i++) buffer[i] = (i * 7919) % 256;
    const data = buffer.subarray(offset, offset + bytes);
    const before = Uint8Array.from(data);
    const guard = [buffer[offset - 1], buffer[offset + bytes]];
    whitenPaperInPlace({ width: 1, height: bytes / 3, data }, 200);
    for (let i = 0; i < data.length; i++) {
      if (data[i] !== expected(before[i]!, 200)) assert.fail(`byte ${i}: ${before[i]} -> ${data[i]}`);
    }
    // Bytes around the region are not the region's: left as they were.
    assert.deepEqual([buffer[offset - 1], buffer[offset + bytes]], guard);
  });
}
