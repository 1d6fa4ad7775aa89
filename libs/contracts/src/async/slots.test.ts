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

test('work whose signal aborts while it waits leaves the line and never runs; the next waiter still gets the slot', async () => {
  const slots = new Slots(1);
  const ran: string[] = [];
  let release!: () => void;
  const first = slots.run(() => new Promise<void>((r) => (release = r)));
  const gone = new AbortController();
  const abandoned = slots.run(() => Promise.resolve(void ran.push('abandoned')), gone.signal);
  const next = slots.run(() => Promise.resolve(void ran.push('next')));
  assert.equal(slots.waiting, 2);
  gone.abort(new Error('client left'));
  await assert.rejects(abandoned, /client left/);
  assert.equal(slots.waiting, 1);
  release();
  await Promise.all([first, next]);
  assert.deepEqual(ran, ['next']);
  assert.equal(slots.full, false);
  // Already aborted: refused at once, no slot taken.
  await assert.rejects(
    slots.run(() => Promise.resolve(), AbortSignal.abort(new Error('gone before'))),
    /gone before/,
  );
  assert.equal(slots.full, false);
});
