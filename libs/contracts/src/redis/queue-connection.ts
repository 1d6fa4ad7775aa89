import { Redis, type RedisOptions } from 'ioredis';
import { within } from '../async/within.js';

/** How often a close that has not finished looks again for copies waiting to reconnect. */
const CHECK_EVERY_MS = 250;
/** Node's timers hold at most 2^31 - 1 ms (a longer one fires at once). */
const LONGEST_TIMER_MS = 2 ** 31 - 1;

/**
 * The Redis connection both apps hand to BullMQ, made so that a process stopped during a Redis
 * outage still stops.
 *
 * BullMQ runs its blocking reads (a worker's wait for jobs, the gateway's event stream) on copies of
 * the connection it is given, and closes a copy by disconnecting it and waiting for ioredis's 'end'.
 * ioredis never emits 'end' for a connection disconnected between two reconnect attempts: it only
 * clears the timer of the next one. So the connection keeps its copies, and `endWaitingCopies` ends
 * each copy that waits to reconnect the way ioredis ends every other connection: disconnected, then
 * one last attempt, whose failure (or success) reaches ioredis's close handler, which emits 'end'
 * and fails the pending read.
 *
 * `maxRetriesPerRequest: null` is BullMQ's requirement: commands wait for Redis instead of failing,
 * so an outage pauses the queue rather than failing jobs.
 */
export class QueueConnection extends Redis {
  private readonly copies: Redis[] = [];

  constructor(url: string, options: RedisOptions = {}) {
    super(url, { maxRetriesPerRequest: null, ...options });
  }

  override duplicate(override?: Partial<RedisOptions>): Redis {
    const copy = super.duplicate(override);
    this.copies.push(copy);
    return copy;
  }

  /**
   * Ends every copy that waits between reconnect attempts (each owner BullMQ builds on this
   * connection has its own copies; both apps give each connection one owner). Connected copies are
   * left to their owner's close; so is this connection itself, which may still carry the
   * acknowledgements of jobs in hand when Redis returns.
   */
  async endWaitingCopies(): Promise<void> {
    await Promise.all(this.copies.filter((copy) => copy.status === 'reconnecting').map(endCopy));
  }

  /**
   * Closes `owner` (a BullMQ worker or event reader built on this connection), ending waiting copies
   * until it finishes: a copy still connecting when the close begins may fail and wait afterwards.
   * Gives up after `limitMs` (for an owner whose close hangs for some other reason); an owner with
   * jobs in hand may need the whole of a process's shutdown time for Redis to return.
   */
  async closeOwner(owner: { close(): Promise<void> }, limitMs = Infinity): Promise<'closed' | 'gave up'> {
    let done = false;
    const closing = owner.close().then(
      () => (done = true),
      () => (done = true),
    );
    const giveUpAt = Date.now() + limitMs;
    // A last attempt can take up to ioredis's connect timeout; past the limit it ends unwatched.
    const left = (): number => Math.max(0, Math.min(giveUpAt - Date.now(), LONGEST_TIMER_MS));
    await within(this.endWaitingCopies(), left(), undefined);
    while (!done && left() > 0) {
      await within(closing, Math.min(CHECK_EVERY_MS, left()), false);
      if (!done) await within(this.endWaitingCopies(), left(), undefined);
    }
    return done ? 'closed' : 'gave up';
  }

  /**
   * Quits when Redis answers, and otherwise disconnects: a quit sent while Redis is down waits in the
   * offline queue for Redis to return. Bounded by `ms` all the same, as Redis may drop mid-quit.
   */
  async shut(ms = 2_000): Promise<void> {
    if (this.status === 'ready') {
      const quit = await within(
        this.quit().then(
          () => true,
          () => false,
        ),
        ms,
        false,
      );
      if (quit) return;
    }
    this.disconnect();
  }
}

/** Disconnected, then one last attempt: its failure (or success) reaches ioredis's close handler. */
async function endCopy(copy: Redis): Promise<void> {
  copy.disconnect();
  const reconnected = await copy.connect().then(
    () => true,
    () => false,
  );
  // Redis came back in time for that attempt: closing the live stream now ends the copy.
  if (reconnected) copy.disconnect();
}
