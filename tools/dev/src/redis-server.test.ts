import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PrivateRedis, ensureRedis, pingRedis } from './redis-server.js';

test('a private redis-server starts on a free port, stops, and restarts on the same port', async () => {
  const redis = await PrivateRedis.start();
  try {
    assert.equal(await pingRedis(redis.url), true);
    await redis.stop();
    assert.equal(await pingRedis(redis.url), false);
    await redis.start();
    assert.equal(await pingRedis(redis.url), true);
  } finally {
    await redis.destroy();
  }
});

test('ensureRedis starts a private server when nothing answers at the given URL', async () => {
  const handle = await ensureRedis('redis://127.0.0.1:1');
  try {
    assert.equal(handle.private, true);
    assert.equal(await pingRedis(handle.url), true);
  } finally {
    await handle.close();
  }
});
