import type { RgbImage } from '../image/rgb-image.js';

/**
 * The rows of a page that hold no ink: where it can be cut into strips for detection without
 * cutting a line, so the strips need no overlap. A pixel is ink when it is clearly darker than
 * the paper (`INK_CONTRAST` below the paper's most common level); a row stays ink-free with a
 * speck or two of dust. Noisy scans and photos have no such rows, and skewed text leaves none
 * between its lines: their strips overlap instead (`plan-strips.ts`).
 */
export const INK_CONTRAST = 48;

export function inkFreeRows(image: RgbImage, paperLevel: number, contrast = INK_CONTRAST): Uint8Array {
  const { width, height, data } = image;
  const threshold = paperLevel - contrast;
  // Dust, not text: a row crossing even one letter has more dark pixels than this.
  const tolerated = Math.floor(width / 1000);
  const rows = new Uint8Array(height);
  for (let y = 0; y < height; y++) {
    let ink = 0;
    const end = (y + 1) * width * 3;
    for (let s = y * width * 3; s < end; s += 3) {
      if ((data[s]! * 77 + data[s + 1]! * 150 + data[s + 2]! * 29) >> 8 < threshold && ++ink > tolerated) break;
    }
    rows[y] = ink > tolerated ? 0 : 1;
  }
  return rows;
}
