import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Redis } from 'ioredis';
import { within } from '@ocr-pool/contracts';
import { QueueConnection } from '@ocr-pool/contracts/redis';
import { PrivateRedis } from '@ocr-pool/dev';

/**
 * The connection both apps hand BullMQ, on a private redis-server this test stops and restarts:
 * a copy that BullMQ disconnects while it waits to reconnect must still end, whether Redis is back
 * by the last attempt or not, or a worker's close waits for it for ever.
 */
async function copyWaitingToReconnect(redis: PrivateRedis): Promise<{ connection: QueueConnection; copy: Redis }> {
  const connection = new QueueConnection(redis.url);
  connection.on('error', () => undefined);
  const copy = connection.duplicate();
  copy.on('error', () => undefined);
  await copy.ping();
  await redis.stop();
  for (let i = 0; i < 100 && copy.status !== 'reconnecting'; i++) await new Promise((r) => setTimeout(r, 20));
  assert.equal(copy.status, 'reconnecting');
  // What BullMQ's close does: it clears the reconnect timer and waits for an 'end' that never comes.
  copy.disconnect();
  return { connection, copy };
}

/** Whether `copy` emits 'end' within a few seconds (without the fix it never does). */
function ended(copy: Redis): Promise<'ended' | 'still open'> {
  const end = new Promise<'ended'>((resolve) => copy.once('end', () => resolve('ended')));
  return within(end, 5_000, 'still open');
}

for (const redisBack of [false, true]) {
  test(`a copy disconnected between reconnect attempts ends, ${redisBack ? 'when Redis is back for the last attempt' : 'with Redis still down'}`, async () => {
    const redis = await PrivateRedis.start();
    try {
      const { connection, copy } = await copyWaitingToReconnect(redis);
      if (redisBack) await redis.start();
      const end = ended(copy);
      await connection.endWaitingCopies();
      assert.equal(await end, 'ended');
      assert.equal(copy.status, 'end');
      connection.disconnect();
    } finally {
      await redis.destroy();
    }
  });
}

test('closeOwner gives up after its limit on an owner whose close never finishes', async () => {
  const redis = await PrivateRedis.start();
  const connection = new QueueConnection(redis.url);
  try {
    const outcome = await connection.closeOwner({ close: () => new Promise<void>(() => undefined) }, 300);
    assert.equal(outcome, 'gave up');
    assert.equal(await connection.closeOwner({ close: () => Promise.resolve() }), 'closed');
  } finally {
    connection.disconnect();
    await redis.destroy();
  }
});
