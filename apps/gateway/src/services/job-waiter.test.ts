import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import type { QueueEvents } from 'bullmq';
import { JobWaiter } from './job-waiter.js';

/** QueueEvents as the waiter uses it: an emitter of BullMQ's job events. */
function fakeEvents(): EventEmitter & QueueEvents {
  return new EventEmitter() as EventEmitter & QueueEvents;
}

test('a waiter reads the job state at once by default, and finishes when it says completed', async () => {
  const reads: string[] = [];
  const waiter = new JobWaiter(
    fakeEvents(),
    (id) => {
      reads.push(id);
      return Promise.resolve('completed');
    },
    60_000,
  );
  assert.deepEqual(await waiter.waitUntilFinished('job-1', 5_000), { via: 'state' });
  assert.deepEqual(reads, ['job-1']);
});

test('a waiter registered before its job exists reads no state and finishes on the completion event', async () => {
  const events = fakeEvents();
  const reads: string[] = [];
  const waiter = new JobWaiter(
    events,
    (id) => {
      reads.push(id);
      return Promise.resolve('waiting');
    },
    60_000,
  );
  const waiting = waiter.waitUntilFinished('job-2', 5_000, undefined, { checkNow: false });
  events.emit('completed', { jobId: 'job-2', returnvalue: '{"text":"hello"}' });
  assert.deepEqual(await waiting, { via: 'event', returnvalue: '{"text":"hello"}' });
  assert.deepEqual(reads, []);
  assert.equal(waiter.waiting, 0);
});

test('a failed attempt that will be retried does not end the wait: the state decides', async () => {
  const events = fakeEvents();
  let state = 'waiting';
  const waiter = new JobWaiter(events, () => Promise.resolve(state), 60_000);
  let settled = false;
  const waiting = waiter
    .waitUntilFinished('job-3', 5_000, undefined, { checkNow: false })
    .finally(() => (settled = true));
  events.emit('failed', { jobId: 'job-3' });
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(settled, false);
  state = 'failed';
  events.emit('failed', { jobId: 'job-3' });
  assert.deepEqual(await waiting, { via: 'state' });
});

test('aborting the signal ends the wait without a result and leaves no waiter behind', async () => {
  const waiter = new JobWaiter(fakeEvents(), () => Promise.resolve('active'), 60_000);
  const abort = new AbortController();
  const waiting = waiter.waitUntilFinished('job-4', 5_000, abort.signal, { checkNow: false });
  abort.abort();
  assert.equal(await waiting, undefined);
  assert.equal(waiter.waiting, 0);
});
