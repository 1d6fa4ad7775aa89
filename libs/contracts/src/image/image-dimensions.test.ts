import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { imageDimensions } from './image-dimensions.js';
import { sniffFormat } from './sniff-format.js';

const make = (format: 'png' | 'jpeg' | 'gif' | 'webp', options: Record<string, unknown> = {}) =>
  sharp({ create: { width: 321, height: 123, channels: 3, background: '#fff' } })
    [format](options)
    .toBuffer();

test('dimensions come straight from the headers of PNG, JPEG (baseline and progressive), GIF and WebP', async () => {
  const cases: Array<[string, Buffer]> = [
    ['png', await make('png')],
    ['jpeg', await make('jpeg')],
    ['progressive jpeg', await make('jpeg', { progressive: true })],
    [
      'jpeg with EXIF',
      await sharp(await make('jpeg'))
        .withMetadata({ orientation: 6 })
        .jpeg()
        .toBuffer(),
    ],
    ['gif', await make('gif')],
    ['lossy webp', await make('webp')],
    ['lossless webp', await make('webp', { lossless: true })],
  ];
  for (const [name, buffer] of cases) {
    const bytes = new Uint8Array(buffer);
    assert.deepEqual(imageDimensions(bytes, sniffFormat(bytes)!), { width: 321, height: 123 }, name);
  }
});

test('formats without a quick header reader, and truncated headers, give undefined', async () => {
  const tiff = new Uint8Array(
    await sharp({ create: { width: 2, height: 2, channels: 3, background: '#fff' } })
      .tiff()
      .toBuffer(),
  );
  assert.equal(imageDimensions(tiff, 'tiff'), undefined);
  const png = new Uint8Array(await make('png')).subarray(0, 18);
  assert.equal(imageDimensions(png, 'png'), undefined);
});
