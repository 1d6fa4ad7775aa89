/** What the decoder accepts. Both limits protect memory before any pixel is decoded. */
export interface ImageLimits {
  /** Largest accepted encoded size in bytes. */
  maxBytes: number;
  /** Largest accepted width x height (after EXIF orientation, which does not change it). */
  maxPixels: number;
}

/** 20 MiB and 40 megapixels: a 300 dpi A3 scan fits, a decompression bomb does not. */
export const DEFAULT_IMAGE_LIMITS: Readonly<ImageLimits> = Object.freeze({
  maxBytes: 20 * 1024 * 1024,
  maxPixels: 40_000_000,
});
