import sharp from 'sharp';
import type { OcrResult } from '@ocr-pool/contracts';
import { buildAnnotationSvg } from './annotation-svg.js';

/**
 * Draws an `OcrResult` over the image it was read from and returns a PNG (sharp composites the
 * SVG from `annotation-svg.ts`; no canvas). The image is turned by its EXIF orientation exactly
 * as `decodeImage` does, so the result's box coordinates land on the pixels they were found in.
 * It trusts that `result` belongs to `image`; it does not run any recognition.
 */
export async function annotateImage(image: Uint8Array, result: OcrResult): Promise<Uint8Array> {
  const layout = buildAnnotationSvg(result);
  // Raw pixels between the two steps: nothing is encoded and decoded again on the way.
  const upright = await sharp(image, { pages: 1 })
    .rotate()
    .flatten({ background: '#ffffff' })
    .toColourspace('srgb')
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  const { width, height, channels } = upright.info;
  if (width !== result.width || height !== result.height) {
    throw new Error(`the result is for a ${result.width}x${result.height} image but this image is ${width}x${height}`);
  }
  const png = await sharp(upright.data, { raw: { width, height, channels } })
    .extend({
      right: layout.panelWidth,
      bottom: layout.height - result.height,
      background: '#ffffff',
    })
    .composite([{ input: Buffer.from(layout.svg), top: 0, left: 0 }])
    .png()
    .toBuffer();
  return new Uint8Array(png.buffer, png.byteOffset, png.length);
}
