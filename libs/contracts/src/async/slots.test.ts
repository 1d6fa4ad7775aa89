import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Slots } from './slots.js';

test('at most size run at once, a freed slot goes to the waiter first, and a failure gives its slot back', async () => {
  const slots = new Slots(1);
  const order: string[] = [];
  let release!: () => void;
  const first = slots.run(() => new Promise<void>((r) => (release = r)).then(() => void order.push('first')));
  const waiter = slots.run(() => Promise.resolve(void order.push('waiter')));
  assert.equal(slots.full, true);
  assert.equal(slots.waiting, 1);
  release();
  // A newcomer arriving as the slot is handed over queues behind the waiter.
  const newcomer = slots.run(() => Promise.resolve(void order.push('newcomer')));
  await Promise.all([first, waiter, newcomer]);
  assert.deepEqual(order, ['first', 'waiter', 'newcomer']);
  await assert.rejects(
    slots.run(() => Promise.reject(new Error('failed'))),
    /failed/,
  );
  assert.equal(slots.full, false);
});
