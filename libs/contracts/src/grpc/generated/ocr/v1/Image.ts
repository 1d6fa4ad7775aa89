// Original file: proto/ocr/v1/ocr.proto


export interface Image {
  /**
   * Encoded image: PNG, JPEG, WebP, TIFF, GIF (first frame), AVIF.
   */
  'data'?: (Buffer | Uint8Array | string);
  /**
   * Shown in job views and logs only.
   */
  'filename'?: (string);
}

export interface Image__Output {
  /**
   * Encoded image: PNG, JPEG, WebP, TIFF, GIF (first frame), AVIF.
   */
  'data': (Buffer);
  /**
   * Shown in job views and logs only.
   */
  'filename': (string);
}
