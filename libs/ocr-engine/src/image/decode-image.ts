import sharp from 'sharp';
import { ErrorCodes, OcrError } from '@ocr-pool/contracts';
import type { RgbImage } from './rgb-image.js';
import type { ImageLimits } from './image-limits.js';
import { DECODABLE_FORMATS, type SniffedFormat, imageDimensions, sniffFormat } from '@ocr-pool/contracts';

/**
 * Turns encoded bytes into upright 8-bit RGB with sharp: EXIF orientation applied, alpha flattened
 * onto white, grayscale/CMYK/16-bit converted, animated images reduced to their first frame.
 * Every refusal is an `OcrError` whose message says what to send instead. This module never
 * renders vector formats (SVG, PDF): those are refused by their magic bytes before sharp runs.
 */

// sharp's decoded-image cache is for repeated operations on the same file; a service decodes
// each upload once, so the cache only holds memory.
sharp.cache(false);

export interface DecodedImage extends RgbImage {
  /** Format named by the magic bytes. */
  format: string;
}

export async function decodeImage(bytes: Uint8Array, limits: ImageLimits): Promise<DecodedImage> {
  if (bytes.length === 0) {
    throw new OcrError(ErrorCodes.IMAGE_EMPTY, 'The image is empty (0 bytes): send the file contents.');
  }
  if (bytes.length > limits.maxBytes) {
    throw new OcrError(
      ErrorCodes.IMAGE_TOO_LARGE,
      `The image is ${bytes.length} bytes; the limit is ${limits.maxBytes}. Send a smaller or more compressed image.`,
      { bytes: bytes.length, max_bytes: limits.maxBytes },
    );
  }
  const format = sniffFormat(bytes);
  if (format === undefined) {
    throw new OcrError(
      ErrorCodes.IMAGE_UNREADABLE,
      `The bytes are not an image in a supported format (${DECODABLE_FORMATS.join(', ')}).`,
    );
  }
  if (!DECODABLE_FORMATS.includes(format)) {
    throw new OcrError(
      ErrorCodes.IMAGE_FORMAT_UNSUPPORTED,
      `${format.toUpperCase()} is not accepted; convert it to one of: ${DECODABLE_FORMATS.join(', ')}.`,
      { format },
    );
  }

  // `limitInputPixels` makes libvips refuse oversized headers itself; we also check the header
  // below so the error names the limit instead of being a generic decoder failure. The common
  // formats' headers are read right here: asking sharp costs one more trip through libuv's thread
  // pool, 0.3-0.5 ms of a one-line image's 15 ms (BENCHMARKS.md, Zen 5 machine, 2026-12-08).
  const options = { limitInputPixels: limits.maxPixels, failOn: 'error', pages: 1 } as const;
  const { width, height } = imageDimensions(bytes, format) ?? (await headerViaSharp(bytes, format, options));
  if (width * height > limits.maxPixels) {
    throw new OcrError(
      ErrorCodes.IMAGE_TOO_MANY_PIXELS,
      `The image is ${width}x${height} = ${width * height} pixels; the limit is ${limits.maxPixels}. Scale it down.`,
      { width, height, max_pixels: limits.maxPixels },
    );
  }
  if (width === 0 || height === 0) throw unreadable(format, new Error('zero-sized image'));

  try {
    const { data, info } = await sharp(bytes, options)
      .rotate()
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb')
      .removeAlpha()
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`decoder produced ${info.channels} channels`);
    return {
      width: info.width,
      height: info.height,
      data: new Uint8Array(data.buffer, data.byteOffset, data.length),
      format,
    };
  } catch (error) {
    throw unreadable(format, error);
  }
}

/** The size from sharp's header reader, with the decode's options but no pixel limit (checked after, by name). */
async function headerViaSharp(
  bytes: Uint8Array,
  format: SniffedFormat,
  options: { readonly failOn: 'error'; readonly pages: number },
): Promise<{ width: number; height: number }> {
  try {
    const meta = await sharp(bytes, { ...options, limitInputPixels: false }).metadata();
    return { width: meta.width ?? 0, height: meta.height ?? 0 };
  } catch (error) {
    throw unreadable(format, error);
  }
}

function unreadable(format: string, error: unknown): OcrError {
  const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return new OcrError(
    ErrorCodes.IMAGE_UNREADABLE,
    `The ${format.toUpperCase()} could not be decoded (${reason}); it may be truncated or corrupt.`,
    { format },
  );
}
