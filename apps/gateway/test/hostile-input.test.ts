import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { crc32, createDeflate } from 'node:zlib';
import sharp from 'sharp';
import { status, type ServiceError } from '@grpc/grpc-js';
import { type JobAccepted, type JobView, type ProblemDetails, ocrMetadata } from '@ocr-pool/contracts';
import { processRssMiB } from '@ocr-pool/dev';
import { KEYS, StackFixture, form, json, png } from './stack-fixture.js';

/**
 * Hostile and broken input (issue 7): each case gets its exact status and a message that says what to
 * fix, over HTTP and gRPC, and the gateway's memory stays bounded across the whole list. The gateway
 * runs as a process of its own, so its resident memory is its own and not this test's.
 */
let stack: StackFixture;
before(async () => {
  stack = await StackFixture.open({
    gatewayIn: 'process',
    gatewayEnv: { API_KEYS: `alice:${KEYS.alice}`, MAX_IMAGE_BYTES: '2000000', MAX_BATCH_FILES: '20' },
  });
});

function gatewayRssMiB(): number {
  const rss = processRssMiB(stack.gatewayProcess?.pid)?.current;
  assert.ok(rss !== undefined, "the gateway's resident memory could not be read");
  return rss;
}
after(() => stack.close());

const MiB = 1024 * 1024;
const rssBefore = { value: 0 };

// A PNG whose header claims `width` x `height` 1-bit grey pixels, with every row really compressed in:
// a decoder that trusted it would inflate width x height / 8 bytes. The rows (all zero) are deflated
// a megabyte at a time.
async function pngBomb(width: number, height: number): Promise<Uint8Array> {
  const chunk = (type: string, data: Buffer): Buffer => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.writeUInt8(1, 8); // bit depth 1
  ihdr.writeUInt8(0, 9); // greyscale
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', ihdr),
      chunk('IDAT', await deflateZeros((1 + Math.ceil(width / 8)) * height)),
      chunk('IEND', Buffer.alloc(0)),
    ]),
  );
}

async function deflateZeros(length: number): Promise<Buffer> {
  const deflate = createDeflate({ level: 9 });
  const parts: Buffer[] = [];
  deflate.on('data', (part: Buffer) => parts.push(part));
  const ended = once(deflate, 'end');
  const zeros = Buffer.alloc(MiB);
  for (let left = length; left > 0; left -= zeros.length) {
    if (!deflate.write(left >= zeros.length ? zeros : zeros.subarray(0, left))) await once(deflate, 'drain');
  }
  deflate.end();
  await ended;
  return Buffer.concat(parts);
}

/** A multipart body built by hand, so a filename can carry bytes that are not UTF-8. */
function rawMultipart(filename: Buffer, bytes: Uint8Array): { body: Buffer; type: string } {
  const boundary = 'ocrpoolboundary7x';
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="image"; filename="`),
    filename,
    Buffer.from('"\r\nContent-Type: image/png\r\n\r\n'),
    Buffer.from(bytes),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, type: `multipart/form-data; boundary=${boundary}` };
}

const post = (body: RequestInit['body'], headers: Record<string, string> = {}, path = '/v1/jobs'): Promise<Response> =>
  stack.request(path, { method: 'POST', key: KEYS.alice, body, headers });
const upload = (bytes: Uint8Array, fields: Record<string, string> = {}, name = 'image.png'): Promise<Response> =>
  post(form(fields, [{ field: 'image', bytes, name }]));

async function refused(response: Response, httpStatus: number, code: string, detail: RegExp): Promise<void> {
  const text = await response.text();
  assert.equal(response.status, httpStatus, `expected ${httpStatus} ${code}, got ${response.status}: ${text}`);
  const body = JSON.parse(text) as ProblemDetails;
  assert.equal(body.code, code);
  assert.match(body.detail, detail);
}

async function completes(response: Response): Promise<JobView> {
  assert.equal(response.status, 202, await response.clone().text());
  const { id } = await json<JobAccepted>(response);
  const view = await json<JobView>(await stack.request(`/v1/jobs/${id}?wait=20`, { key: KEYS.alice }));
  assert.equal(view.status, 'completed', JSON.stringify(view.error));
  return view;
}

const truncatedPng = async (): Promise<Uint8Array> => (await png(200, 100)).subarray(0, 20);
const textFile = new Uint8Array(Buffer.from('this is a plain text file, not a picture\n'));
const pdf = new Uint8Array(Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n'));
const svg = new Uint8Array(Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"></svg>'));

test('broken and hostile uploads over HTTP get their exact status and a message that says what to fix', async () => {
  rssBefore.value = gatewayRssMiB();
  await refused(
    await post(new Uint8Array(0), { 'content-type': 'multipart/form-data; boundary=x' }),
    400,
    'REQUEST_INVALID',
    /multipart/i,
  );
  await refused(await post('', { 'content-type': 'image/png' }), 400, 'IMAGE_EMPTY', /empty \(0 bytes\)/);
  await refused(await upload(new Uint8Array(0)), 400, 'IMAGE_EMPTY', /empty \(0 bytes\)/);
  await refused(await upload(await truncatedPng()), 415, 'IMAGE_UNREADABLE', /could not be read|not an image/);
  const jpegHead = new Uint8Array(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]));
  await refused(await upload(jpegHead), 415, 'IMAGE_UNREADABLE', /could not be read|not an image/);
  await refused(await upload(textFile, {}, 'photo.png'), 415, 'IMAGE_UNREADABLE', /not an image in a supported format/);
  await refused(await upload(pdf, {}, 'scan.pdf'), 415, 'IMAGE_FORMAT_UNSUPPORTED', /PDF is not accepted/);
  await refused(await upload(svg, {}, 'logo.svg'), 415, 'IMAGE_FORMAT_UNSUPPORTED', /SVG is not accepted/);
  const bomb = await pngBomb(30_000, 30_000);
  assert.ok(bomb.length < 200_000, `the bomb is ${bomb.length} bytes`);
  await refused(
    await upload(bomb),
    422,
    'IMAGE_TOO_MANY_PIXELS',
    /30000x30000 = 900000000 pixels; the limit is 40000000/,
  );
  const many = form(
    {},
    Array.from({ length: 1_000 }, () => ({ field: 'images', bytes: textFile })),
  );
  await refused(await post(many, {}, '/v1/batches'), 413, 'TOO_MANY_FILES', /at most 20 per request/);
  await refused(
    await upload(await png(), { language: 'x'.repeat(100_000) }),
    422,
    'INVALID_OPTION',
    /"language" is longer than 1024 bytes/,
  );
  await refused(await upload(await png(), { colour: 'red' }), 422, 'INVALID_OPTION', /Unknown field "colour"/);

  const idem = { 'idempotency-key': 'hostile-1' };
  assert.equal((await post(form({}, [{ field: 'image', bytes: await png(41) }]), idem)).status, 202);
  await refused(
    await post(form({}, [{ field: 'image', bytes: await png(42) }]), idem),
    409,
    'IDEMPOTENCY_CONFLICT',
    /different image/,
  );
});

test('odd but valid images are accepted and read', async () => {
  await completes(await upload(await png(1, 1)));
  const white = { create: { width: 60, height: 30, channels: 3 as const, background: '#ffffff' } };
  const cmyk = await sharp(white).toColourspace('cmyk').jpeg().toBuffer();
  assert.equal((await sharp(cmyk).metadata()).space, 'cmyk');
  await completes(await upload(new Uint8Array(cmyk), {}, 'cmyk.jpg'));
  const deep = await sharp(white).toColourspace('rgb16').png().toBuffer();
  assert.equal((await sharp(deep).metadata()).depth, 'ushort');
  await completes(await upload(new Uint8Array(deep)));
  // Two different frames: the GIF encoder folds identical ones into one.
  const frames = await Promise.all(
    ['#ffffff', '#000000'].map((background) =>
      sharp({ create: { width: 40, height: 60, channels: 3, background } })
        .png()
        .toBuffer(),
    ),
  );
  const animated = await sharp(
    frames.map((f) => Buffer.from(f)),
    { join: { animated: true } },
  )
    .gif({ loop: 0 })
    .toBuffer();
  assert.equal((await sharp(animated).metadata()).pages, 2);
  await completes(await upload(new Uint8Array(animated), {}, 'anim.gif'));
  const body = rawMultipart(Buffer.from([0x73, 0xe9, 0xff, 0xfe, 0x2e, 0x70, 0x6e, 0x67]), await png(43));
  await completes(await post(body.body, { 'content-type': body.type }));
});

test('the same hostile images over gRPC are INVALID_ARGUMENT naming the problem', async () => {
  const client = stack.grpc();
  const call = async (data: Uint8Array): Promise<ServiceError> =>
    client.submitJob({ image: { data, filename: 'x.png' } }, ocrMetadata(KEYS.alice)).then(
      () => assert.fail('accepted'),
      (e: unknown) => e as ServiceError,
    );
  const cases: Array<[Uint8Array, string, RegExp]> = [
    [new Uint8Array(0), 'IMAGE_EMPTY', /empty/],
    [await truncatedPng(), 'IMAGE_UNREADABLE', /could not be read|not an image/],
    [textFile, 'IMAGE_UNREADABLE', /not an image/],
    [pdf, 'IMAGE_FORMAT_UNSUPPORTED', /PDF is not accepted/],
    [svg, 'IMAGE_FORMAT_UNSUPPORTED', /SVG is not accepted/],
    [await pngBomb(30_000, 30_000), 'IMAGE_TOO_MANY_PIXELS', /900000000 pixels/],
  ];
  for (const [data, code, message] of cases) {
    const error = await call(data);
    assert.equal(error.code, status.INVALID_ARGUMENT, `${code}: ${error.message}`);
    assert.equal(error.metadata.get('ocr-error-code')[0], code);
    assert.match(error.details, message);
  }
});

test('after the whole list the gateway is up and its memory is within 50 MiB of where it started', async (t) => {
  assert.equal((await stack.request('/livez')).status, 200);
  const grown = gatewayRssMiB() - rssBefore.value;
  t.diagnostic(`RSS grew by ${grown.toFixed(1)} MiB over the list`);
  assert.ok(grown < 50, `RSS grew by ${grown.toFixed(1)} MiB`);
});
