import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Countdown } from './countdown.js';

const settled = async (promise: Promise<void>): Promise<boolean> => {
  let done = false;
  void promise.then(() => (done = true));
  await new Promise((resolve) => setImmediate(resolve));
  return done;
};

test('passes once every arrival is in, and stays passed', async () => {
  const countdown = new Countdown(2);
  countdown.arrive();
  assert.equal(await settled(countdown.passed), false);
  countdown.arrive();
  assert.equal(await settled(countdown.passed), true);
  countdown.arrive();
  assert.equal(await settled(countdown.passed), true);
});

test('a countdown of nothing has passed already', async () => {
  assert.equal(await settled(new Countdown(0).passed), true);
});

test("a participant's gate counts its arrival once, however often it arrives", async () => {
  const countdown = new Countdown(2);
  const first = countdown.gate();
  first.arrive();
  first.arrive();
  assert.equal(await settled(first.passed), false);
  countdown.gate().arrive();
  assert.equal(await settled(first.passed), true);
});
