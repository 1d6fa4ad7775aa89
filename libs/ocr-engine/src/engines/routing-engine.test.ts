import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { ErrorCodes } from '@ocr-pool/contracts';
import { LanguageRegistry } from '../languages/language-registry.js';
import { FakeEngine } from './fake-engine.js';
import { RoutingEngine } from './routing-engine.js';

test('each image goes to the engine its language is routed to; outcomes keep request order', async () => {
  const limits = { maxBytes: 1 << 20, maxPixels: 1 << 20 };
  const a = new FakeEngine({ limits, languages: ['en'] }),
    b = new FakeEngine({ limits, languages: ['ko'] });
  const registry = new LanguageRegistry();
  registry.add('en', 'a');
  registry.add('ko', 'b');
  const router = new RoutingEngine(
    registry,
    new Map([
      ['a', a],
      ['b', b],
    ]),
    () => Promise.resolve(),
  );
  const image = new Uint8Array(
    await sharp({ create: { width: 4, height: 4, channels: 3, background: '#fff' } })
      .png()
      .toBuffer(),
  );
  const opts = (language: string) => ({ language, confidence_threshold: 0.5, use_angle_cls: true });
  const outcomes = await router.recognize([
    { image, options: opts('ko') },
    { image, options: opts('english') },
    { image, options: opts('fr') },
    { image, options: opts('korean') },
  ]);
  assert.deepEqual(
    outcomes.map((o) => (o.ok ? o.result.language : o.error.code)),
    ['ko', 'en', ErrorCodes.LANGUAGE_UNAVAILABLE, 'ko'],
  );
  assert.deepEqual([a.batchSizes, b.batchSizes], [[1], [2]]);
});
