import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { type LanguageAvailability, RedisKeys, type WorkerLanguages } from '@ocr-pool/contracts';
import { ensureRedis, type RedisHandle } from '@ocr-pool/dev';
import { LanguageDirectory } from '../src/repositories/language-directory.js';

/**
 * The gateway's view of what the workers read, against a real Redis: one round trip however many
 * keys the queue holds, expired announcements skipped and pruned, and a stale list served while a
 * single refresh runs, so a slow Redis never stalls every submission at once.
 */
let handle: RedisHandle;
let redis: Redis;
let keys: RedisKeys;
before(async () => {
  handle = await ensureRedis(process.env.REDIS_URL);
  redis = new Redis(handle.url);
  keys = new RedisKeys(`test-${randomUUID().slice(0, 8)}`);
});
after(async () => {
  const all = await redis.keys(`${keys.languages().replace(/:languages$/, '')}:*`);
  if (all.length) await redis.del(...all);
  await redis.quit();
  await handle.close();
});

const lang = (code: string, engine = 'ppocr'): LanguageAvailability => ({ code, name: code, aliases: [], engine });
const entry = (languages: LanguageAvailability[], expiresInMs = 60_000): string =>
  JSON.stringify({ expiresAt: Date.now() + expiresInMs, languages } satisfies WorkerLanguages);

/** Names of the commands a client sends from now on (the client is real; its calls are only listed). */
function recordCommands(client: Redis): string[] {
  const names: string[] = [];
  const send = client.sendCommand.bind(client);
  client.sendCommand = (command, ...rest) => {
    names.push(command.name);
    return send(command, ...rest);
  };
  return names;
}

test('the installed languages are those every live worker reads, read in one round trip however many keys Redis holds', async () => {
  const base = keys.languages().replace(/:languages$/, '');
  const pipeline = redis.pipeline();
  for (let i = 0; i < 5_000; i++) pipeline.set(`${base}:job-like-key:${i}`, 'x');
  await pipeline.exec();
  // Mid-rollout: w2 reads Korean, w1 not yet. A Korean job could land on w1, so it is not installed.
  await redis.hset(
    keys.languages(),
    'w1',
    entry([lang('en'), lang('ch')]),
    'w2',
    entry([lang('en'), lang('ch'), lang('ko', 'tesseract')]),
  );
  const client = new Redis(handle.url);
  try {
    await client.ping();
    const commands = recordCommands(client);
    const directory = new LanguageDirectory(client, keys);
    assert.deepEqual(
      (await directory.list()).map((l) => [l.code, l.engine]),
      [
        ['ch', 'ppocr'],
        ['en', 'ppocr'],
      ],
    );
    assert.deepEqual(
      (await directory.announced()).somewhere.map((l) => l.code),
      ['ko'],
    );
    assert.deepEqual(commands, ['hgetall']);
  } finally {
    client.disconnect();
  }
});

test('an expired or malformed announcement is skipped and pruned', async () => {
  const k = new RedisKeys(`test-${randomUUID().slice(0, 8)}`);
  await redis.hset(
    k.languages(),
    'live',
    entry([lang('en')]),
    'dead',
    entry([lang('ja')], -1_000),
    'junk',
    '{"nope":1',
  );
  try {
    const languages = await new LanguageDirectory(redis, k).list();
    assert.deepEqual(
      languages.map((l) => l.code),
      ['en'],
    );
    assert.deepEqual(await redis.hkeys(k.languages()), ['live']);
  } finally {
    await redis.del(k.languages());
  }
});

test('past its age the cached list is served at once while a single refresh runs', async () => {
  const k = new RedisKeys(`test-${randomUUID().slice(0, 8)}`);
  await redis.hset(k.languages(), 'w1', entry([lang('en')]));
  const client = new Redis(handle.url);
  try {
    const directory = new LanguageDirectory(client, k, 50);
    assert.deepEqual(
      (await directory.list()).map((l) => l.code),
      ['en'],
    );
    // The worker now reads Chinese too.
    await redis.hset(k.languages(), 'w1', entry([lang('en'), lang('ch')]));
    await new Promise((r) => setTimeout(r, 80));
    // Make the next read slow: every caller must still get an answer at once, from the cache.
    const slowRead = client.hgetall.bind(client);
    let reads = 0;
    client.hgetall = (key: string) => {
      reads++;
      return new Promise((resolve) => setTimeout(() => resolve(slowRead(key)), 300));
    };
    const started = Date.now();
    const answers = await Promise.all(Array.from({ length: 50 }, () => directory.list()));
    assert.ok(Date.now() - started < 100, `callers waited ${Date.now() - started} ms for a refresh`);
    assert.ok(answers.every((a) => a.map((l) => l.code).join() === 'en'));
    assert.equal(reads, 1, 'one refresh for 50 callers');
    await new Promise((r) => setTimeout(r, 400));
    assert.deepEqual(
      (await directory.list()).map((l) => l.code),
      ['ch', 'en'],
    );
  } finally {
    client.disconnect();
    await redis.del(k.languages());
  }
});
