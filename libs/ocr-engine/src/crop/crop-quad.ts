import type { Quad } from '@ocr-pool/contracts';
import type { RgbImage } from '../image/rgb-image.js';

/**
 * Cuts a text box out of the page and straightens it: the quad's top edge becomes the crop's top
 * row, sampled bilinearly straight into the recogniser's size (one resampling instead of
 * PaddleOCR's warp-then-resize). Boxes from the detector are rectangles, so the map is affine.
 * When the crop is much smaller than the box, several samples are averaged per output pixel so
 * thin strokes are not skipped. Edges replicate, like PaddleOCR's BORDER_REPLICATE.
 */
export function cropQuad(image: RgbImage, quad: Quad, outWidth: number, outHeight: number): RgbImage {
  const [tl, tr, , bl] = quad;
  // Source step per output pixel along and across the text.
  const map: CropMap = {
    originX: tl[0],
    originY: tl[1],
    ax: (tr[0] - tl[0]) / outWidth,
    ay: (tr[1] - tl[1]) / outWidth,
    bx: (bl[0] - tl[0]) / outHeight,
    by: (bl[1] - tl[1]) / outHeight,
  };
  const su = Math.max(1, Math.min(4, Math.ceil(Math.hypot(map.ax, map.ay) - 0.25)));
  const sv = Math.max(1, Math.min(4, Math.ceil(Math.hypot(map.bx, map.by) - 0.25)));
  const out = new Uint8Array(outWidth * outHeight * 3);
  // One sample per pixel (a crop at or above the page's resolution, the usual case) on rows that
  // lie inside the page takes the fast path; the rest are sampled with edge clamps.
  if (su === 1 && sv === 1) sampleOncePerPixel(image, map, out, outWidth, outHeight);
  else for (let v = 0; v < outHeight; v++) sampleRow(image, map, out, v, outWidth, su, sv);
  return { width: outWidth, height: outHeight, data: out };
}

/** Page position of output pixel `(u, v)`'s corner: origin + u * (ax, ay) + v * (bx, by). */
interface CropMap {
  originX: number;
  originY: number;
  ax: number;
  ay: number;
  bx: number;
  by: number;
}

/**
 * Output row `v`, averaging `su` x `sv` bilinear samples per pixel so thin strokes are not skipped
 * when the crop is much smaller than the box, replicating the page's edge beyond it.
 */
function sampleRow(
  image: RgbImage,
  { originX, originY, ax, ay, bx, by }: CropMap,
  out: Uint8Array,
  v: number,
  outWidth: number,
  su: number,
  sv: number,
): void {
  const src = image.data,
    w = image.width,
    h = image.height;
  const maxX = w - 1,
    maxY = h - 1;
  const norm = 1 / (su * sv);
  let o = v * outWidth * 3;
  for (let u = 0; u < outWidth; u++) {
    let r = 0,
      g = 0,
      b = 0;
    for (let jv = 0; jv < sv; jv++) {
      const fv = v + (jv + 0.5) / sv;
      for (let ju = 0; ju < su; ju++) {
        const fu = u + (ju + 0.5) / su;
        // Pixel centres sit at integer + 0.5 in continuous coordinates.
        let x = originX + fu * ax + fv * bx - 0.5;
        let y = originY + fu * ay + fv * by - 0.5;
        x = x < 0 ? 0 : x > maxX ? maxX : x;
        y = y < 0 ? 0 : y > maxY ? maxY : y;
        const x0 = x | 0,
          y0 = y | 0;
        const x1 = x0 < maxX ? x0 + 1 : x0,
          y1 = y0 < maxY ? y0 + 1 : y0;
        const dx = x - x0,
          dy = y - y0;
        const i00 = (y0 * w + x0) * 3,
          i01 = (y0 * w + x1) * 3,
          i10 = (y1 * w + x0) * 3,
          i11 = (y1 * w + x1) * 3;
        const w00 = (1 - dx) * (1 - dy),
          w01 = dx * (1 - dy),
          w10 = (1 - dx) * dy,
          w11 = dx * dy;
        r += src[i00]! * w00 + src[i01]! * w01 + src[i10]! * w10 + src[i11]! * w11;
        g += src[i00 + 1]! * w00 + src[i01 + 1]! * w01 + src[i10 + 1]! * w10 + src[i11 + 1]! * w11;
        b += src[i00 + 2]! * w00 + src[i01 + 2]! * w01 + src[i10 + 2]! * w10 + src[i11 + 2]! * w11;
      }
    }
    out[o++] = r * norm + 0.5;
    out[o++] = g * norm + 0.5;
    out[o++] = b * norm + 0.5;
  }
}

/**
 * Every output row at one bilinear sample per pixel. A row whose samples all have a page pixel to
 * their right and below needs no clamps, which is most rows; one that reaches the page's edge goes
 * through `sampleRow`. Line crops are most of the non-model work of a page of long lines.
 */
function sampleOncePerPixel(image: RgbImage, map: CropMap, out: Uint8Array, outWidth: number, outHeight: number): void {
  const { originX, originY, ax, ay, bx, by } = map;
  const src = image.data,
    w = image.width,
    rowStride = w * 3;
  const maxX = image.width - 1,
    maxY = image.height - 1;
  for (let v = 0; v < outHeight; v++) {
    const fv = v + 0.5;
    const rowX = originX - 0.5 + fv * bx,
      rowY = originY - 0.5 + fv * by;
    // The row's samples lie on a segment: inside when both its ends are.
    const firstX = rowX + 0.5 * ax,
      firstY = rowY + 0.5 * ay;
    const lastX = rowX + (outWidth - 0.5) * ax,
      lastY = rowY + (outWidth - 0.5) * ay;
    if (
      Math.min(firstX, lastX) < 0 ||
      Math.max(firstX, lastX) >= maxX ||
      Math.min(firstY, lastY) < 0 ||
      Math.max(firstY, lastY) >= maxY
    ) {
      sampleRow(image, map, out, v, outWidth, 1, 1);
      continue;
    }
    let o = v * outWidth * 3;
    for (let u = 0; u < outWidth; u++) {
      const fu = u + 0.5;
      const x = rowX + fu * ax,
        y = rowY + fu * ay;
      const x0 = x | 0,
        y0 = y | 0;
      const dx = x - x0,
        dy = y - y0;
      const i00 = (y0 * w + x0) * 3,
        i10 = i00 + rowStride;
      const w00 = (1 - dx) * (1 - dy),
        w01 = dx * (1 - dy),
        w10 = (1 - dx) * dy,
        w11 = dx * dy;
      out[o++] = src[i00]! * w00 + src[i00 + 3]! * w01 + src[i10]! * w10 + src[i10 + 3]! * w11 + 0.5;
      out[o++] = src[i00 + 1]! * w00 + src[i00 + 4]! * w01 + src[i10 + 1]! * w10 + src[i10 + 4]! * w11 + 0.5;
      out[o++] = src[i00 + 2]! * w00 + src[i00 + 5]! * w01 + src[i10 + 2]! * w10 + src[i10 + 5]! * w11 + 0.5;
    }
  }
}

/** Resizes a crop horizontally only (bilinear), e.g. to squeeze a line into the classifier. */
export function resizeWidth(image: RgbImage, outWidth: number): RgbImage {
  const { width: w, height: h, data: src } = image;
  const out = new Uint8Array(outWidth * h * 3);
  const step = w / outWidth;
  for (let u = 0; u < outWidth; u++) {
    let x = (u + 0.5) * step - 0.5;
    x = x < 0 ? 0 : x > w - 1 ? w - 1 : x;
    const x0 = x | 0,
      x1 = x0 < w - 1 ? x0 + 1 : x0,
      dx = x - x0;
    for (let y = 0; y < h; y++) {
      const s0 = (y * w + x0) * 3,
        s1 = (y * w + x1) * 3,
        o = (y * outWidth + u) * 3;
      for (let c = 0; c < 3; c++) out[o + c] = src[s0 + c]! * (1 - dx) + src[s1 + c]! * dx + 0.5;
    }
  }
  return { width: outWidth, height: h, data: out };
}
