import sharp from 'sharp';
import type { OcrResult } from '@ocr-pool/contracts';
import { buildAnnotationSvg } from './annotation-svg.js';

export interface AnnotateOptions {
  /**
   * Longest side of the drawing's image part, in pixels. A larger image is drawn scaled down with
   * its boxes: a 40-megapixel scan drawn at full size holds hundreds of MB while it is encoded.
   * Unset: full size.
   */
  maxSide?: number;
}

/**
 * Draws an `OcrResult` over the image it was read from and returns a PNG (sharp composites the
 * SVG from `annotation-svg.ts`; no canvas). The image is turned by its EXIF orientation exactly
 * as `decodeImage` does, so the result's box coordinates land on the pixels they were found in.
 * It trusts that `result` belongs to `image`; it does not run any recognition.
 */
export async function annotateImage(
  image: Uint8Array,
  result: OcrResult,
  options: AnnotateOptions = {},
): Promise<Uint8Array> {
  const { autoOrient } = await sharp(image, { pages: 1 }).metadata();
  if (autoOrient.width !== result.width || autoOrient.height !== result.height) {
    throw new Error(
      `the result is for a ${result.width}x${result.height} image but this image is ${autoOrient.width}x${autoOrient.height}`,
    );
  }
  const longest = Math.max(result.width, result.height);
  const scale = options.maxSide !== undefined && longest > options.maxSide ? options.maxSide / longest : 1;
  const drawn = scale < 1 ? scaledResult(result, scale) : result;
  const layout = buildAnnotationSvg(drawn);
  // Raw pixels between the two steps: nothing is encoded and decoded again on the way. The resize
  // is in the decoding pipeline, so a large image is never held whole at full size.
  const upright = await sharp(image, { pages: 1 })
    .rotate()
    .resize(drawn.width, drawn.height, { fit: 'fill' })
    .flatten({ background: '#ffffff' })
    .toColourspace('srgb')
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  const { width, height, channels } = upright.info;
  const png = await sharp(upright.data, { raw: { width, height, channels } })
    .extend({
      right: layout.panelWidth,
      bottom: layout.height - drawn.height,
      background: '#ffffff',
    })
    .composite([{ input: Buffer.from(layout.svg), top: 0, left: 0 }])
    .png()
    .toBuffer();
  return new Uint8Array(png.buffer, png.byteOffset, png.length);
}

/** The result as it lies on the image scaled by `scale` (at least 1 px each way). */
function scaledResult(result: OcrResult, scale: number): OcrResult {
  const width = Math.max(1, Math.round(result.width * scale));
  const height = Math.max(1, Math.round(result.height * scale));
  const sx = width / result.width;
  const sy = height / result.height;
  return {
    ...result,
    width,
    height,
    text_boxes: result.text_boxes.map((box) => ({
      ...box,
      box: box.box.map(([x, y]) => [x * sx, y * sy] as [number, number]) as typeof box.box,
    })),
  };
}
