/** A decoded image: 8-bit RGB, interleaved, row-major, no padding between rows. */
export interface RgbImage {
  width: number;
  height: number;
  data: Uint8Array;
}

export function createRgbImage(width: number, height: number): RgbImage {
  return { width, height, data: new Uint8Array(width * height * 3) };
}

/** Rotates by 180 degrees in place (reversing pixel order reverses both axes). */
export function rotate180InPlace(image: RgbImage): void {
  const d = image.data;
  for (let i = 0, j = d.length - 3; i < j; i += 3, j -= 3) {
    for (let c = 0; c < 3; c++) {
      const t = d[i + c]!;
      d[i + c] = d[j + c]!;
      d[j + c] = t;
    }
  }
}
