import { QueueEvents } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';
import { QUEUE_NAME } from '@ocr-pool/contracts';
import { within } from '../within.js';

/**
 * The queue's event stream (completions and failures the gateway's waiters need), and a close that
 * finishes while Redis is down.
 *
 * BullMQ reads the stream on a copy of the connection it is given, and closes it by disconnecting
 * and waiting for ioredis's 'end'. ioredis never emits 'end' for a connection disconnected between
 * two reconnect attempts: it only clears the timer of the next one. A gateway stopped during a Redis
 * outage would wait for ever, and BullMQ's read watchdog would then reconnect the copy, for good.
 * So the connection keeps its copies, and `close` ends any copy that waits to reconnect the way
 * ioredis ends every other connection: disconnected, then one last attempt, whose failure (or
 * success) reaches ioredis's close handler, which emits 'end' and fails the pending read.
 */
class RedisWithCopies extends Redis {
  readonly copies: Redis[] = [];

  override duplicate(override?: Partial<RedisOptions>): Redis {
    const copy = super.duplicate(override);
    this.copies.push(copy);
    return copy;
  }
}

/** The longest `close` waits for BullMQ once no connection waits to reconnect. */
const CLOSE_WAIT_MS = 2_000;

export class JobEvents {
  readonly events: QueueEvents;
  private readonly connection: RedisWithCopies;

  constructor(redisUrl: string, prefix: string) {
    this.connection = new RedisWithCopies(redisUrl, { maxRetriesPerRequest: null });
    this.connection.on('error', () => undefined);
    this.events = new QueueEvents(QUEUE_NAME, { connection: this.connection, prefix });
  }

  async close(): Promise<void> {
    for (const connection of [this.connection, ...this.connection.copies]) {
      if (connection.status !== 'reconnecting') continue;
      connection.disconnect();
      await connection.connect().catch(() => undefined);
    }
    // Bounded all the same: Redis may drop in the middle of the close.
    await within(
      this.events.close().catch(() => undefined),
      CLOSE_WAIT_MS,
      undefined,
    );
    this.connection.disconnect();
  }
}
