import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseWorkerLanguages } from '@ocr-pool/contracts';
import { FakeEngine } from '@ocr-pool/ocr-engine';
import { QueueFixture } from './queue-fixture.js';
import { LanguagePublisher } from '../src/languages/language-publisher.js';

/** A worker's announcement of its languages: its own field of one hash, with an expiry, gone when it stops. */
test('a worker announces its languages with an expiry under its id, and withdraws them when it stops', async () => {
  const f = await QueueFixture.open();
  try {
    const engine = new FakeEngine({ limits: { maxBytes: 1 << 20, maxPixels: 1 << 20 }, languages: ['en', 'ko'] });
    const publisher = new LanguagePublisher(f.redis, f.keys, 'worker-a', engine, 60);
    const before = Date.now();
    await publisher.start();
    const raw = await f.redis.hget(f.keys.languages(), 'worker-a');
    const entry = parseWorkerLanguages(raw ?? '');
    assert.ok(entry, `unreadable entry: ${raw}`);
    assert.deepEqual(entry.languages.map((l) => l.code).sort(), ['en', 'ko']);
    assert.ok(entry.expiresAt >= before + 60_000 && entry.expiresAt <= Date.now() + 60_000);
    await publisher.stop();
    assert.equal(await f.redis.hexists(f.keys.languages(), 'worker-a'), 0);
  } finally {
    await f.close();
  }
});
