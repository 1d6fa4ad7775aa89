import { QueueEvents } from 'bullmq';
import { QUEUE_NAME } from '@ocr-pool/contracts';
import { QueueConnection } from '@ocr-pool/contracts/redis';

/** The longest `close` waits for BullMQ's event reader to stop. */
const CLOSE_WAIT_MS = 2_000;

/**
 * The queue's event stream (completions and failures the gateway's waiters need), with a close that
 * finishes while Redis is down (see QueueConnection for why a plain close would not).
 */
export class JobEvents {
  readonly events: QueueEvents;
  private readonly connection: QueueConnection;

  constructor(redisUrl: string, prefix: string) {
    this.connection = new QueueConnection(redisUrl);
    this.connection.on('error', () => undefined);
    this.events = new QueueEvents(QUEUE_NAME, { connection: this.connection, prefix });
  }

  async close(): Promise<void> {
    await this.connection.closeOwner(this.events, CLOSE_WAIT_MS);
    this.connection.disconnect();
  }
}
