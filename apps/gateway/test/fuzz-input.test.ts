import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { status, type ServiceError } from '@grpc/grpc-js';
import { ocrMetadata } from '@ocr-pool/contracts';
import { seededRandom } from '@ocr-pool/dev';
import { KEYS, StackFixture, form } from './stack-fixture.js';

/**
 * A bounded fuzz pass (issue 7): mutated and random image bytes with random option values, through
 * HTTP and gRPC, from a fixed seed so a failure replays. Only the kind of answer is asserted: HTTP
 * 2xx/4xx (never 5xx), gRPC OK or a client-error status (never INTERNAL/UNKNOWN), and a gateway that
 * still answers afterwards. No worker runs; accepted jobs stay queued and go with the test's prefix.
 */
const CASES = Number(process.env.FUZZ_CASES ?? 5_000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261124);

let stack: StackFixture;
before(async () => {
  stack = await StackFixture.open({
    worker: 'none',
    gatewayEnv: { API_KEYS: `alice:${KEYS.alice}`, MAX_QUEUE_DEPTH: '1000000', MAX_IMAGE_BYTES: '300000' },
  });
});
after(() => stack.close());

const CLIENT_ERRORS = new Set([
  status.INVALID_ARGUMENT,
  status.RESOURCE_EXHAUSTED,
  status.NOT_FOUND,
  status.FAILED_PRECONDITION,
  status.ALREADY_EXISTS,
]);

test(`${CASES} fuzzed submissions get only 2xx/4xx (gRPC: OK or a client error), and the gateway lives`, async (t) => {
  const random = seededRandom(SEED);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const blank = (background: string, channels: 3 | 4 = 3) =>
    sharp({ create: { width: 64, height: 32, channels, background } });
  const seeds = await Promise.all([
    blank('#ffffff').png().toBuffer(),
    blank('#808080').jpeg().toBuffer(),
    blank('#00000000', 4).webp().toBuffer(),
    blank('#ffffff').gif().toBuffer(),
    blank('#ffffff').tiff().toBuffer(),
  ]);
  const mutate = (): Uint8Array => {
    const kind = random();
    if (kind < 0.1) return new Uint8Array(Array.from({ length: Math.floor(random() * 2048) }, () => random() * 256));
    const bytes = Buffer.from(pick(seeds));
    if (kind < 0.25) return new Uint8Array(bytes.subarray(0, Math.floor(random() * bytes.length)));
    const flips = 1 + Math.floor(random() * 16);
    // Headers are where parsers trust the input most: aim half the flips at the first 64 bytes.
    for (let i = 0; i < flips; i++) {
      const at =
        random() < 0.5 ? Math.floor(random() * Math.min(64, bytes.length)) : Math.floor(random() * bytes.length);
      bytes[at] = Math.floor(random() * 256);
    }
    return new Uint8Array(bytes);
  };
  const junk = (): string =>
    pick([
      '',
      ' ',
      '-1',
      '0',
      '0.5',
      '1',
      '1e309',
      'NaN',
      'true',
      'false',
      'yes',
      'korean',
      'en',
      'zz',
      '\u0000',
      'x'.repeat(2000),
      '한국어',
      '%00',
      '{"a":1}',
    ]);
  const options = (): Record<string, string> => {
    const fields: Record<string, string> = {};
    if (random() < 0.5) fields.language = junk();
    if (random() < 0.5) fields.confidence_threshold = junk();
    if (random() < 0.5) fields.use_angle_cls = junk();
    if (random() < 0.1) fields[junk() || 'extra'] = junk();
    return fields;
  };

  const counts = new Map<string, number>();
  const count = (key: string): void => void counts.set(key, (counts.get(key) ?? 0) + 1);
  const client = stack.grpc();
  const metadata = ocrMetadata(KEYS.alice);
  for (let i = 0; i < CASES; i++) {
    const image = mutate();
    const fields = options();
    if (i % 5 === 4) {
      const code = await client
        .submitJob(
          {
            image: { data: image, filename: 'f.png' },
            options: {
              language: fields.language ?? '',
              ...(random() < 0.5 ? { confidence_threshold: (random() - 0.25) * 2 } : {}),
              ...(random() < 0.5 ? { use_angle_cls: random() < 0.5 } : {}),
            },
          },
          metadata,
        )
        .then(
          () => status.OK,
          (e: unknown) => (e as ServiceError).code,
        );
      assert.ok(code === status.OK || CLIENT_ERRORS.has(code), `case ${i}: gRPC status ${status[code]}`);
      count(`grpc ${status[code]}`);
    } else {
      const response = await stack.request('/v1/jobs', {
        method: 'POST',
        key: KEYS.alice,
        body: form(fields, [{ field: 'image', bytes: image, name: `f${i}.png` }]),
      });
      const body = await response.text();
      assert.ok(response.status >= 200 && response.status < 500, `case ${i}: HTTP ${response.status} ${body}`);
      count(`http ${response.status}`);
    }
  }
  t.diagnostic(
    [...counts]
      .sort()
      .map(([k, v]) => `${k}: ${v}`)
      .join(', '),
  );
  assert.equal((await stack.request('/livez')).status, 200);
  assert.ok((counts.get('http 202') ?? 0) > 0, 'no fuzzed case was accepted: the mutations are too blunt');
});
