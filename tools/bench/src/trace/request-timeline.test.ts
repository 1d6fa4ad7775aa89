import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { WireEvent } from './wire-stamps.js';
import { callTimeline, inProcessEdges } from './request-timeline.js';

const REDIS = 6390;
const GATEWAY_REDIS = 50001;
const GATEWAY_EVENTS = 50002;
const WORKER_CLIENT = 50003;
const WORKER_BLOCKING = 50004;

function event(at: number, kind: WireEvent['kind'], connection = 0, peerPort = 0, text = ''): WireEvent {
  return { at: 1_000 + at, kind, connection, peerPort, text };
}

const moveToActive = '*17 $7 evalsha $40 d96ca626 $2 11 q:wait q:active q:marker $1 0';
const peekNextImage = '*6 $7 evalsha $40 0f6e1d2c $1 2 q:wait q:prioritized $2 q:';
const moveToFinished = '*26 $7 evalsha $40 69666e69 $2 14 q:wait q:active $9 completed $5 {"text":"x"}';

/** One request's traffic, with the worker's fetch-ahead and a previous job's finish mixed in. */
const events = {
  client: [event(0.3, 'write', 40000, 8080), event(24.3, 'data', 40000, 8080)],
  gateway: [
    event(0.8, 'request', 0, 0, '/extract_text'),
    event(2.1, 'write', GATEWAY_REDIS, REDIS, '*5 $3 set $20 q:blob:1:abc $2225 PNG'),
    event(2.5, 'write', GATEWAY_REDIS, REDIS, '*15 $7 evalsha $40 299880da'),
    event(3.0, 'data', GATEWAY_EVENTS, REDIS, '*1 *2 $8 q:events $5 event $5 added'),
    event(23.2, 'data', GATEWAY_EVENTS, REDIS, '*1 *2 $8 q:events $5 event $9 completed $5 jobId'),
    event(23.7, 'write', GATEWAY_EVENTS, REDIS, '*6 $5 xread $5 BLOCK'),
    event(24.0, 'write', 8080, 40000, 'HTTP/1.1 200 OK'),
  ],
  worker: [
    // The previous job's finish, before this call's image exists: not this call's.
    event(0.5, 'write', WORKER_CLIENT, REDIS, moveToFinished),
    event(3.0, 'data', WORKER_BLOCKING, REDIS, '*3 $10 q:marker $1 0 $1 0'),
    event(3.2, 'write', WORKER_CLIENT, REDIS, moveToActive),
    event(3.8, 'data', WORKER_CLIENT, REDIS, '*4 *16 $11 processedOn'),
    event(4.2, 'write', WORKER_CLIENT, REDIS, '*2 $3 get $20 q:blob:1:abc'),
    // Fetching ahead: another moveToActive whose empty reply must not pass for the image.
    event(4.4, 'write', WORKER_CLIENT, REDIS, moveToActive),
    event(4.5, 'write', WORKER_BLOCKING, REDIS, '*3 $8 bzpopmin'),
    event(4.6, 'data', WORKER_CLIENT, REDIS, '$2225 PNG'),
    event(5.0, 'data', WORKER_CLIENT, REDIS, '*4 :0 :0 :0 :0'),
    event(7.0, 'thread-post'),
    event(12.8, 'thread-reply'),
    event(12.9, 'thread-post'),
    event(22.1, 'thread-reply'),
    event(22.5, 'write', WORKER_CLIENT, REDIS, moveToFinished),
    event(23.1, 'data', WORKER_CLIENT, REDIS, ':0'),
  ],
};

test('a request is laid out milestone by milestone, each after the one before', () => {
  const timeline = callTimeline({ start: 1_000, end: 1_024.6 }, events, REDIS);
  const ms = Object.fromEntries(Object.entries(timeline).map(([k, v]) => [k, Math.round(v * 10) / 10]));
  assert.deepEqual(ms, {
    'client: request written': 0.3,
    'gateway: request parsed (headers)': 0.8,
    'gateway: image SET sent to Redis': 2.1,
    'gateway: job added (EVALSHA sent)': 2.5,
    'worker: woken by the queue marker': 3.0,
    'worker: moveToActive sent': 3.2,
    'worker: job data received': 3.8,
    'worker: image GET sent': 4.2,
    'worker: image received': 4.6,
    'worker: image posted to an inference thread': 7.0,
    'worker: last inference thread reply': 22.1,
    'worker: job finished (EVALSHA sent)': 22.5,
    'gateway: completed event received': 23.2,
    'gateway: response written': 24.0,
    'client: response received': 24.3,
    'client: call resolved': 24.6,
  });
});

test('an image that came with its job (no GET) leaves out the GET, not the rest of the call', () => {
  const prefetched = {
    ...events,
    worker: [
      event(3.0, 'data', WORKER_BLOCKING, REDIS, '*3 $10 q:marker $1 0 $1 0'),
      event(3.1, 'write', WORKER_CLIENT, REDIS, peekNextImage),
      event(3.2, 'write', WORKER_CLIENT, REDIS, moveToActive),
      event(3.8, 'data', WORKER_CLIENT, REDIS, '*3 $36 1 $20 q:blob:1:abc $2225 PNG *4 *16 $11 processedOn'),
      // A later job's GET, after this one's image went to the engine: not this call's.
      event(7.0, 'thread-post'),
      event(7.5, 'write', WORKER_CLIENT, REDIS, '*2 $3 get $20 q:blob:2:def'),
      event(22.1, 'thread-reply'),
      event(22.5, 'write', WORKER_CLIENT, REDIS, moveToFinished),
    ],
  };
  const timeline = callTimeline({ start: 1_000, end: 1_024.6 }, prefetched, REDIS);
  assert.equal(Math.round(timeline['worker: moveToActive sent']! * 10) / 10, 3.2);
  assert.equal(Math.round(timeline['worker: job data received']! * 10) / 10, 3.8);
  assert.equal(timeline['worker: image GET sent'], undefined);
  assert.equal(timeline['worker: image received'], undefined);
  assert.equal(Math.round(timeline['worker: image posted to an inference thread']! * 10) / 10, 7.0);
  assert.equal(Math.round(timeline['gateway: response written']! * 10) / 10, 24.0);
});

test('a milestone that never comes leaves the rest of the call unread, not guessed', () => {
  const noMarker = { ...events, worker: events.worker.filter((e) => !e.text.includes(':marker')) };
  const timeline = callTimeline({ start: 1_000, end: 1_024.6 }, noMarker, REDIS);
  assert.equal(timeline['gateway: job added (EVALSHA sent)'] !== undefined, true);
  assert.equal(timeline['worker: woken by the queue marker'], undefined);
  assert.equal(timeline['gateway: response written'], undefined);
  assert.equal(Math.round(timeline['client: call resolved']! * 10) / 10, 24.6);
});

test('events outside the call window are not the call', () => {
  const timeline = callTimeline({ start: 1_010, end: 1_024.6 }, events, REDIS);
  assert.equal(timeline['client: request written'], undefined);
});

test('the engine in process: time to its first thread message and from its last reply', () => {
  const edges = inProcessEdges({ start: 1_000, end: 1_018 }, [
    event(2.2, 'thread-post'),
    event(8.0, 'thread-reply'),
    event(8.1, 'thread-post'),
    event(17.9, 'thread-reply'),
  ]);
  assert.deepEqual(
    edges && {
      toFirstPost: Math.round(edges.toFirstPost * 10) / 10,
      afterLastReply: Math.round(edges.afterLastReply * 10) / 10,
    },
    { toFirstPost: 2.2, afterLastReply: 0.1 },
  );
  assert.equal(inProcessEdges({ start: 1_000, end: 1_018 }, []), undefined);
});
