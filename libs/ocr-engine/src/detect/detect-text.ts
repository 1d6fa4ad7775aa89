import sharp from 'sharp';
import type { Quad } from '@ocr-pool/contracts';
import type { RgbImage } from '../image/rgb-image.js';
import type { ModelRunner } from '../runtime/model-runner.js';
import { DET_NORM, normaliseToBgrPlanes, replicatePadding } from '../image/normalise.js';
import { detInputSize } from './det-resize-plan.js';
import { dbPostprocess, type DbParams } from './db-postprocess.js';
import { rectCorners } from '../geometry/rotated-rect.js';
import { quadHeight, quadWidth } from '../geometry/quad-math.js';

/**
 * The detection stage: scale the image for the DB model, run it, and return text boxes as quads
 * in the image's coordinates (top-left, top-right, bottom-right, bottom-left as the image lies).
 */
export interface DetectedText {
  quad: Quad;
  score: number;
}

/** Boxes thinner than this in image pixels hold no readable text (PaddleOCR filter_tag_det_res). */
const MIN_BOX_SIDE = 3;

export async function detectText(
  runner: ModelRunner,
  image: RgbImage,
  scale: number,
  db: DbParams,
): Promise<DetectedText[]> {
  const size = detInputSize(image.width, image.height, scale);
  const scaled =
    size.scaledWidth === image.width && size.scaledHeight === image.height
      ? image
      : await resizeRgb(image, size.scaledWidth, size.scaledHeight);
  const input = new Float32Array(3 * size.inputWidth * size.inputHeight);
  normaliseToBgrPlanes(scaled, DET_NORM, input, 0, size.inputWidth, size.inputHeight);
  replicatePadding(input, scaled.width, scaled.height, size.inputWidth, size.inputHeight);
  const output = await runner.run(input, [1, 3, size.inputHeight, size.inputWidth]);
  const [mapH, mapW] = output.dims.slice(-2) as [number, number];
  const boxes = dbPostprocess(output.data, mapW, mapH, db);

  const sx = image.width / size.scaledWidth,
    sy = image.height / size.scaledHeight;
  const clampX = (x: number): number => Math.min(image.width, Math.max(0, x * sx));
  const clampY = (y: number): number => Math.min(image.height, Math.max(0, y * sy));
  const found: DetectedText[] = [];
  for (const box of boxes) {
    const quad = rectCorners(box.rect).map((p) => [clampX(p[0]), clampY(p[1])]) as Quad;
    if (quadWidth(quad) <= MIN_BOX_SIDE || quadHeight(quad) <= MIN_BOX_SIDE) continue;
    found.push({ quad, score: box.score });
  }
  return found;
}

async function resizeRgb(image: RgbImage, width: number, height: number): Promise<RgbImage> {
  const data = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .resize(width, height, { fit: 'fill' })
    .raw()
    .toBuffer();
  return { width, height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
}
