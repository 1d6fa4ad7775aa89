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

test('callers waiting on one job share its state reads: 200 of them cost one read per poll, not 200', async () => {
  const events = fakeEvents();
  let reads = 0;
  const waiter = new JobWaiter(
    events,
    () => {
      reads += 1;
      return Promise.resolve('active');
    },
    40,
  );
  const waiting = Array.from({ length: 200 }, () => waiter.waitUntilFinished('job-5', 5_000));
  await new Promise((r) => setTimeout(r, 210));
  // The first read, one more for the callers who came while it was out, then about one per 40 ms.
  assert.ok(reads >= 3 && reads <= 10, `${reads} state reads for 200 callers over 5 polls`);
  events.emit('completed', { jobId: 'job-5', returnvalue: '{"text":"hi"}' });
  const finished = await Promise.all(waiting);
  assert.ok(finished.every((f) => f?.via === 'event'));
  assert.equal(waiter.waiting, 0);
  const after = reads;
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(reads, after, 'no poll is left running once nobody waits');
});

test('a caller who starts waiting while a read is out gets a read of its own after it', async () => {
  const answers: ((state: string) => void)[] = [];
  const waiter = new JobWaiter(fakeEvents(), () => new Promise<string>((resolve) => answers.push(resolve)), 60_000);
  const first = waiter.waitUntilFinished('job-6', 5_000);
  const second = waiter.waitUntilFinished('job-6', 5_000);
  assert.equal(answers.length, 1, 'one read at a time per job');
  answers[0]!('active');
  await new Promise((r) => setTimeout(r, 10));
  assert.equal(answers.length, 2, 'the read that may have started too early is made again');
  answers[1]!('completed');
  assert.deepEqual(await Promise.all([first, second]), [{ via: 'state' }, { via: 'state' }]);
  assert.equal(waiter.waiting, 0);
});

test("a failure or removal event reads the state once for all of the job's callers", async () => {
  const events = fakeEvents();
  let reads = 0;
  let state = 'active';
  const waiter = new JobWaiter(
    events,
    () => {
      reads += 1;
      return Promise.resolve(state);
    },
    60_000,
  );
  const waiting = Array.from({ length: 50 }, () =>
    waiter.waitUntilFinished('job-7', 5_000, undefined, { checkNow: false }),
  );
  state = 'failed';
  events.emit('failed', { jobId: 'job-7' });
  assert.ok((await Promise.all(waiting)).every((f) => f?.via === 'state'));
  assert.equal(reads, 1);
});

test('a waiter registered before its job is added is not ended by a poll that finds no job yet', async () => {
  let state = 'unknown';
  const waiter = new JobWaiter(fakeEvents(), () => Promise.resolve(state), 20);
  let settled = false;
  const waiting = waiter
    .waitUntilFinished('job-8', 5_000, undefined, { checkNow: false })
    .finally(() => (settled = true));
  // Redis is slow: polls run before the add lands, and find nothing.
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(settled, false);
  state = 'prioritized';
  waiter.added('job-8');
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(settled, false);
  // Once added, a job that is gone (removed) ends the wait.
  state = 'unknown';
  assert.deepEqual(await waiting, { via: 'state' });
});
