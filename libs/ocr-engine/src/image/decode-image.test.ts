import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { ErrorCodes, OcrError, type ErrorCode } from '@ocr-pool/contracts';
import { decodeImage } from './decode-image.js';
import { DEFAULT_IMAGE_LIMITS } from './image-limits.js';

const limits = DEFAULT_IMAGE_LIMITS;

async function rejects(bytes: Uint8Array, code: ErrorCode, message: RegExp, within = limits): Promise<void> {
  await assert.rejects(decodeImage(bytes, within), (error: unknown) => {
    assert.ok(error instanceof OcrError, String(error));
    assert.equal(error.code, code);
    assert.match(error.message, message);
    return true;
  });
}

/** A valid PNG header claiming `width x height`, with a few bytes of (empty) data: a bomb's shape. */
function pngClaiming(width: number, height: number): Uint8Array {
  const chunk = (type: string, data: Buffer): Buffer => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', ihdr),
      chunk('IDAT', deflateSync(Buffer.alloc(0))),
      chunk('IEND', Buffer.alloc(0)),
    ]),
  );
}

const solid = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: '#ffffff' } });

test('empty bytes, text, PDF and SVG are refused with what to send instead', async () => {
  await rejects(new Uint8Array(0), ErrorCodes.IMAGE_EMPTY, /empty/);
  await rejects(new Uint8Array(Buffer.from('just text')), ErrorCodes.IMAGE_UNREADABLE, /not an image.*jpeg, png/);
  await rejects(
    new Uint8Array(Buffer.from('%PDF-1.4\n...')),
    ErrorCodes.IMAGE_FORMAT_UNSUPPORTED,
    /PDF is not accepted/,
  );
  await rejects(
    new Uint8Array(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>')),
    ErrorCodes.IMAGE_FORMAT_UNSUPPORTED,
    /SVG is not accepted/,
  );
});

test('a truncated PNG is unreadable', async () => {
  const png = await solid(64, 64).png().toBuffer();
  await rejects(
    new Uint8Array(png.subarray(0, png.length - 30)),
    ErrorCodes.IMAGE_UNREADABLE,
    /PNG could not be decoded/,
  );
});

test('a decompression bomb is refused from its header, before any pixel is decoded', async () => {
  const bomb = pngClaiming(30000, 30000);
  assert.ok(bomb.length < 200);
  await rejects(bomb, ErrorCodes.IMAGE_TOO_MANY_PIXELS, /30000x30000 = 900000000 pixels; the limit is 40000000/);
});

test('formats whose header is not read in JavaScript (TIFF, AVIF) are checked through sharp: same refusal', async () => {
  const tiff = new Uint8Array(await solid(300, 200).tiff().toBuffer());
  await rejects(tiff, ErrorCodes.IMAGE_TOO_MANY_PIXELS, /300x200 = 60000 pixels; the limit is 50000/, {
    ...limits,
    maxPixels: 50_000,
  });
  const read = await decodeImage(tiff, { ...limits, maxPixels: 60_000 });
  assert.deepEqual([read.width, read.height, read.format], [300, 200, 'tiff']);
});

test('too many bytes is refused before decoding', async () => {
  await assert.rejects(decodeImage(new Uint8Array(11), { maxBytes: 10, maxPixels: 100 }), /the limit is 10/);
});

test('EXIF orientation is applied, so a sideways photo decodes upright', async () => {
  const jpeg = await solid(40, 20).jpeg().withMetadata({ orientation: 6 }).toBuffer();
  const image = await decodeImage(new Uint8Array(jpeg), limits);
  assert.deepEqual([image.width, image.height], [20, 40]);
});

test('grayscale, alpha, CMYK and 16-bit inputs all decode to 8-bit RGB', async () => {
  const inputs = [
    await solid(8, 8).greyscale().png().toBuffer(),
    await sharp({ create: { width: 8, height: 8, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
      .png()
      .toBuffer(),
    await solid(8, 8).toColourspace('cmyk').jpeg().toBuffer(),
    await solid(8, 8).toColourspace('rgb16').png().toBuffer(),
    await solid(8, 8).gif().toBuffer(),
    await solid(8, 8).webp().toBuffer(),
  ];
  for (const bytes of inputs) {
    const image = await decodeImage(new Uint8Array(bytes), limits);
    assert.equal(image.data.length, 8 * 8 * 3);
    // Transparent and white inputs both come out white (alpha is flattened onto white).
    assert.ok(
      image.data.every((v) => v > 240),
      `format ${image.format}`,
    );
  }
});

test('TIFF and AVIF decode, each reporting its format', async () => {
  for (const [format, bytes] of [
    ['tiff', await solid(10, 6).tiff().toBuffer()],
    ['avif', await solid(10, 6).avif().toBuffer()],
  ] as const) {
    const image = await decodeImage(new Uint8Array(bytes), limits);
    assert.equal(image.format, format);
    assert.deepEqual([image.width, image.height, image.data.length], [10, 6, 10 * 6 * 3]);
  }
});

test('an animated GIF decodes to its first frame only', async () => {
  const frame = (background: string) =>
    sharp({ create: { width: 12, height: 8, channels: 3, background } })
      .png()
      .toBuffer();
  const animated = await sharp([await frame('#ffffff'), await frame('#000000')], { join: { animated: true } })
    .gif()
    .toBuffer();
  assert.equal((await sharp(animated).metadata()).pages, 2);
  const image = await decodeImage(new Uint8Array(animated), limits);
  // Both frames would stack into a 12x16 image; the first alone is 12x8 and white.
  assert.deepEqual([image.width, image.height], [12, 8]);
  assert.ok(image.data.every((v) => v > 240));
});
