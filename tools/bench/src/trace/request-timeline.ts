import type { WireEvent } from './wire-stamps.js';

/**
 * One synchronous `POST /extract_text`, laid out as the milestones its bytes pass on the way from
 * the client through the gateway, Redis and the worker and back, each in ms since the client
 * started the call. Milestones are found in order, each the first matching event after the one
 * before, so the worker's own queue traffic (BullMQ fetching ahead, lock renewals) cannot be
 * mistaken for the request's. A milestone that is not found leaves the rest of the call unread,
 * except the image `GET`: a worker variant that reads the image with its job (one was tried; see
 * BENCHMARKS.md) has none.
 */
export interface CallWindow {
  start: number;
  end: number;
}

export interface ProcessEvents {
  client: readonly WireEvent[];
  gateway: readonly WireEvent[];
  worker: readonly WireEvent[];
}

export const MILESTONES = [
  'client: request written',
  'gateway: request parsed (headers)',
  'gateway: image SET sent to Redis',
  'gateway: job added (EVALSHA sent)',
  'worker: woken by the queue marker',
  'worker: moveToActive sent',
  'worker: job data received',
  'worker: image GET sent',
  'worker: image received',
  'worker: image posted to an inference thread',
  'worker: last inference thread reply',
  'worker: job finished (EVALSHA sent)',
  'gateway: completed event received',
  'gateway: response written',
  'client: response received',
  'client: call resolved',
] as const;

export type Milestone = (typeof MILESTONES)[number];

type Source = keyof ProcessEvents;
type Match = (e: WireEvent, found: ReadonlyMap<Milestone, WireEvent>) => boolean;
interface Step {
  milestone: Milestone;
  source: Source;
  match: Match;
  /** May be absent; when present it comes before the next milestone. */
  optional?: true;
}

const toRedis = (redisPort: number) => (e: WireEvent) => e.kind === 'write' && e.peerPort === redisPort;
const fromRedis = (redisPort: number) => (e: WireEvent) => e.kind === 'data' && e.peerPort === redisPort;
/** A Redis reply on the connection a milestone's command went out on. */
const replyTo =
  (redisPort: number, command: Milestone): Match =>
  (e, found) =>
    fromRedis(redisPort)(e) && e.connection === found.get(command)?.connection;
/** moveToFinished for a completed job passes the bare word `completed` as an argument. */
const COMPLETED_ARGUMENT = /\$9 completed /;

function steps(redisPort: number): Step[] {
  const sent = toRedis(redisPort);
  const received = fromRedis(redisPort);
  const step = (milestone: Milestone, source: Source, match: Match, optional?: true): Step => ({
    milestone,
    source,
    match,
    ...(optional ? { optional } : {}),
  });
  return [
    step('client: request written', 'client', (e) => e.kind === 'write'),
    step('gateway: request parsed (headers)', 'gateway', (e) => e.kind === 'request'),
    step('gateway: image SET sent to Redis', 'gateway', (e) => sent(e) && /^\*\d+ \$3 set /i.test(e.text)),
    step(
      'gateway: job added (EVALSHA sent)',
      'gateway',
      (e, found) =>
        sent(e) &&
        /evalsha/i.test(e.text) &&
        e.connection === found.get('gateway: image SET sent to Redis')?.connection,
    ),
    step('worker: woken by the queue marker', 'worker', (e) => received(e) && e.text.includes(':marker ')),
    // moveToActive names the marker among its keys: that tells it from other scripts sent first.
    step(
      'worker: moveToActive sent',
      'worker',
      (e) => sent(e) && /evalsha/i.test(e.text) && e.text.includes(':marker '),
    ),
    step(
      'worker: job data received',
      'worker',
      (e, found) => replyTo(redisPort, 'worker: moveToActive sent')(e, found) && e.text.includes('processedOn'),
    ),
    step('worker: image GET sent', 'worker', (e) => sent(e) && /^\*2 \$3 get /i.test(e.text), true),
    step('worker: image received', 'worker', replyTo(redisPort, 'worker: image GET sent'), true),
    step('worker: image posted to an inference thread', 'worker', (e) => e.kind === 'thread-post'),
    // Found after the finish below: the last reply before it.
    step('worker: last inference thread reply', 'worker', (e) => e.kind === 'thread-reply'),
    step(
      'worker: job finished (EVALSHA sent)',
      'worker',
      (e) => sent(e) && /evalsha/i.test(e.text) && COMPLETED_ARGUMENT.test(e.text),
    ),
    step('gateway: completed event received', 'gateway', (e) => received(e) && e.text.includes('$9 completed')),
    step('gateway: response written', 'gateway', (e) => e.kind === 'write' && e.peerPort !== redisPort),
    step('client: response received', 'client', (e) => e.kind === 'data'),
  ];
}

/** The milestones of one call, in ms since its start; absent where the events stopped matching. */
export function callTimeline(
  call: CallWindow,
  events: ProcessEvents,
  redisPort: number,
): Partial<Record<Milestone, number>> {
  const inCall = {
    client: events.client.filter((e) => e.at >= call.start && e.at <= call.end),
    gateway: events.gateway.filter((e) => e.at >= call.start && e.at <= call.end),
    worker: events.worker.filter((e) => e.at >= call.start && e.at <= call.end),
  };
  const found = new Map<Milestone, WireEvent>();
  let after = call.start;
  const all = steps(redisPort);
  for (const [i, { milestone, source, match, optional }] of all.entries()) {
    if (milestone === 'worker: last inference thread reply') continue;
    const event = inCall[source].find((e) => e.at >= after && match(e, found));
    if (optional) {
      const next = all.slice(i + 1).find((s) => !s.optional)!;
      const nextAt = inCall[next.source].find((e) => e.at >= after && next.match(e, found))?.at ?? Infinity;
      if (!event || event.at > nextAt) continue;
    }
    if (!event) break;
    found.set(milestone, event);
    after = event.at;
    if (milestone === 'worker: job finished (EVALSHA sent)') {
      const posted = found.get('worker: image posted to an inference thread')!.at;
      const reply = inCall.worker.findLast((e) => e.kind === 'thread-reply' && e.at >= posted && e.at <= event.at);
      if (reply) found.set('worker: last inference thread reply', reply);
    }
  }
  const timeline: Partial<Record<Milestone, number>> = {};
  for (const [milestone, event] of found) timeline[milestone] = event.at - call.start;
  timeline['client: call resolved'] = call.end - call.start;
  return timeline;
}

/**
 * For a call of the engine in this process: ms from the call to its first inference-thread
 * message (decoding and preparing the image), between that and the last reply (on the threads),
 * and from the last reply to the call resolving.
 */
export function inProcessEdges(
  call: CallWindow,
  events: readonly WireEvent[],
): { toFirstPost: number; onThreads: number; afterLastReply: number } | undefined {
  const inCall = events.filter((e) => e.at >= call.start && e.at <= call.end);
  const post = inCall.find((e) => e.kind === 'thread-post');
  const reply = inCall.findLast((e) => e.kind === 'thread-reply');
  if (!post || !reply) return undefined;
  return { toFirstPost: post.at - call.start, onThreads: reply.at - post.at, afterLastReply: call.end - reply.at };
}
