import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LineCrop } from '../recognize/line-crop.js';
import { readCheckingTurn } from './read-checking-turn.js';
import { readingConfidence } from './reading-confidence.js';

const crop = (): LineCrop => ({ width: 2, height: 1, data: new Uint8Array(6), xScale: 1, sourceHeight: 1 });

/** A reader that answers by orientation and records how it was asked. */
function reader(turnedConfidence: number, asItLiesConfidence: number) {
  const calls: boolean[] = [];
  const read = (crops: LineCrop[], upsideDown: boolean) => {
    calls.push(upsideDown);
    const confidence = upsideDown ? turnedConfidence : asItLiesConfidence;
    return Promise.resolve(crops.map(() => ({ text: upsideDown ? 'turned' : 'as it lies', confidence })));
  };
  return { read, calls };
}

test('a page read upright is read once', async () => {
  const { read, calls } = reader(0.99, 0.2);
  const outcome = await readCheckingTurn([crop()], false, read);
  assert.deepEqual([outcome.turned, calls], [false, [false]]);
});

test('a turned page that reads well turned is read once', async () => {
  const { read, calls } = reader(0.95, 0.99);
  const outcome = await readCheckingTurn([crop()], true, read);
  assert.deepEqual([outcome.turned, calls], [true, [true]]);
});

test('a turned page that reads poorly is read again as it lies, and the better reading wins', async () => {
  const wrongTurn = reader(0.4, 0.97);
  const undone = await readCheckingTurn([crop(), crop()], true, wrongTurn.read);
  assert.deepEqual([undone.turned, undone.texts[0]?.text, wrongTurn.calls], [false, 'as it lies', [true, false]]);
  const poorButRight = reader(0.6, 0.3);
  const kept = await readCheckingTurn([crop()], true, poorButRight.read);
  assert.deepEqual([kept.turned, kept.texts[0]?.text], [true, 'turned']);
});

test('the second reading gets the crops as they were before the first turned them', async () => {
  const seen: number[] = [];
  const original = crop();
  original.data[0] = 7;
  await readCheckingTurn([original], true, (crops, upsideDown) => {
    seen.push(crops[0]!.data[0]!);
    if (upsideDown) crops[0]!.data.fill(0); // turning in place, or handing the bytes to a thread
    return Promise.resolve([{ text: 'x', confidence: upsideDown ? 0.1 : 0.9 }]);
  });
  assert.deepEqual(seen, [7, 7]);
});

test('reading confidence weighs each line by its characters', () => {
  assert.equal(readingConfidence([{ text: 'abc', confidence: 1 }, { text: 'a', confidence: 0.2 }, undefined]), 0.8);
  assert.equal(readingConfidence([]), 0);
});
