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
    // Bad options are INVALID_OPTION naming the field, whatever the language, never ENGINE_FAILURE.
    { image, options: opts('   ') },
    { image, options: { ...opts('en'), language: undefined as unknown as string } },
    { image, options: { ...opts('xx'), confidence_threshold: 2 } },
  ]);
  assert.deepEqual(
    outcomes.map((o) => (o.ok ? o.result.language : `${o.error.code} ${String(o.error.details.field)}`)),
    [
      'ko',
      'en',
      `${ErrorCodes.LANGUAGE_UNAVAILABLE} language`,
      'ko',
      `${ErrorCodes.INVALID_OPTION} language`,
      `${ErrorCodes.INVALID_OPTION} language`,
      `${ErrorCodes.INVALID_OPTION} confidence_threshold`,
    ],
  );
  assert.deepEqual([a.batchSizes, b.batchSizes], [[1], [2]]);
});
