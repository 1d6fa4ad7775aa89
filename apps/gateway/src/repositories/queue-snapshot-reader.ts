import type { Redis } from 'ioredis';
import { QUEUE_NAME } from '@ocr-pool/contracts';

/**
 * The queue's counts by state and the submit time of its oldest waiting job, read in one Redis
 * round trip (one read-only Lua script) however long the queue is, for the metrics scrape. It must
 * stay cheap: Prometheus scrapes every gateway replica, and the HPA reads the same numbers.
 *
 * It reads BullMQ's keys directly (as BullMQ's own `getCounts` script does), so it follows BullMQ's
 * layout: `wait` and `active` are lists (new jobs pushed on the left, workers take from the right),
 * `prioritized` is a sorted set scored `priority * 2^32 + arrival counter`, the others sorted sets.
 */
export const QUEUE_STATES = ['waiting', 'prioritized', 'active', 'delayed', 'completed', 'failed'] as const;
export type QueueState = (typeof QUEUE_STATES)[number];

export interface QueueSnapshot {
  counts: Record<QueueState, number>;
  /** Epoch ms at which the oldest job not yet taken by a worker was submitted; undefined when none waits. */
  oldestWaitingSince: number | undefined;
}

// The oldest waiting job is the one at the tail of `wait` or the first of some priority band of
// `prioritized` (within a band jobs run in arrival order), so the script looks at one job per band,
// walking the bands with ZRANGEBYSCORE ... LIMIT 0 1: O(bands x log n), not O(n). Priorities in use
// are few (PRIORITY_SYNC, PRIORITY_ASYNC); MAX_BANDS only bounds the walk should a producer use many.
const SCRIPT = `
local base = ARGV[1]
local BAND = 4294967296
local MAX_BANDS = 64
local waiting = redis.call('LLEN', KEYS[1])
local candidates = {}
local tail = redis.call('LINDEX', KEYS[1], -1)
-- BullMQ before v5 kept a marker ("0:...") at the tail of the wait list; it is not a job.
if tail and string.sub(tail, 1, 2) == '0:' then
  waiting = waiting - 1
  tail = redis.call('LINDEX', KEYS[1], -2)
end
if tail then candidates[#candidates + 1] = tail end
local low = '-inf'
for _ = 1, MAX_BANDS do
  local first = redis.call('ZRANGEBYSCORE', KEYS[2], low, '+inf', 'WITHSCORES', 'LIMIT', 0, 1)
  if #first == 0 then break end
  candidates[#candidates + 1] = first[1]
  low = string.format('%.0f', (math.floor(tonumber(first[2]) / BAND) + 1) * BAND)
end
local oldest = -1
for _, id in ipairs(candidates) do
  local ts = tonumber(redis.call('HGET', base .. id, 'timestamp'))
  if ts and (oldest < 0 or ts < oldest) then oldest = ts end
end
return { waiting, redis.call('ZCARD', KEYS[2]), redis.call('LLEN', KEYS[3]), redis.call('ZCARD', KEYS[4]),
  redis.call('ZCARD', KEYS[5]), redis.call('ZCARD', KEYS[6]), oldest }
`;

type SnapshotReply = [number, number, number, number, number, number, number];

interface WithSnapshotCommand {
  ocrQueueSnapshot(...keysThenArgs: string[]): Promise<SnapshotReply>;
}

export class QueueSnapshotReader {
  private readonly base: string;
  private readonly keys: string[];

  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.base = `${prefix}:${QUEUE_NAME}:`;
    this.keys = ['wait', 'prioritized', 'active', 'delayed', 'completed', 'failed'].map((k) => this.base + k);
    // defineCommand sends EVALSHA, falling back to EVAL once when Redis does not know the script yet.
    if (!('ocrQueueSnapshot' in redis)) redis.defineCommand('ocrQueueSnapshot', { numberOfKeys: 6, lua: SCRIPT });
  }

  async read(): Promise<QueueSnapshot> {
    const reply = await (this.redis as Redis & WithSnapshotCommand).ocrQueueSnapshot(...this.keys, this.base);
    const [waiting, prioritized, active, delayed, completed, failed, oldest] = reply.map(Number) as SnapshotReply;
    return {
      counts: { waiting: Math.max(0, waiting), prioritized, active, delayed, completed, failed },
      oldestWaitingSince: oldest >= 0 ? oldest : undefined,
    };
  }
}
