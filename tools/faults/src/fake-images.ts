import { createHash } from 'node:crypto';
import sharp from 'sharp';

/**
 * Distinct small PNGs and the text the fake engine (`OCR_ENGINE=fake`) reads from each: its size
 * and the first 12 hex digits of the bytes' SHA-256. Knowing every job's right answer is what lets
 * the suite tell a lost job, a duplicate, and a job that came back with another image's result.
 */
export interface FakeImage {
  bytes: Uint8Array;
  filename: string;
  expectedText: string;
  /** SHA-256 of the bytes (hex): what `OCR_FAKE_CRASH_ON` matches. */
  digest: string;
}

/** The multipart body of `POST /v1/jobs` and `/extract_text` for one image, in English. */
export function imageForm(image: FakeImage): FormData {
  const body = new FormData();
  body.append('language', 'en');
  body.append('image', new Blob([image.bytes], { type: 'image/png' }), image.filename);
  return body;
}

export async function fakeImages(count: number, seed = 0): Promise<FakeImage[]> {
  const images: FakeImage[] = [];
  for (let i = 0; i < count; i++) {
    const width = 24 + ((seed * 7 + i) % 200);
    const height = 16 + Math.floor((seed * 7 + i) / 200);
    // A shade per seed so rounds never submit byte-identical images.
    const shade = 255 - (seed % 16);
    const bytes = new Uint8Array(
      await sharp({ create: { width, height, channels: 3, background: { r: shade, g: shade, b: 255 } } })
        .png()
        .toBuffer(),
    );
    const digest = createHash('sha256').update(bytes).digest('hex');
    images.push({
      bytes,
      filename: `fault-${seed}-${i}.png`,
      expectedText: `fake ${width}x${height} ${digest.slice(0, 12)}`,
      digest,
    });
  }
  return images;
}
