// Original file: proto/ocr/v1/ocr.proto


/**
 * Options of one read. Unset fields take the server's defaults: language OCR_DEFAULT_LANGUAGE,
 * confidence_threshold 0.5, use_angle_cls true.
 */
export interface OcrOptions {
  /**
   * A language name or alias: "en", "english", "ch", "korean", "ko", ...
   */
  'language'?: (string);
  /**
   * Boxes read with less confidence are dropped, 0..1.
   */
  'confidence_threshold'?: (number | string);
  /**
   * Detect and read upside-down pages.
   */
  'use_angle_cls'?: (boolean);
  '_confidence_threshold'?: "confidence_threshold";
  '_use_angle_cls'?: "use_angle_cls";
}

/**
 * Options of one read. Unset fields take the server's defaults: language OCR_DEFAULT_LANGUAGE,
 * confidence_threshold 0.5, use_angle_cls true.
 */
export interface OcrOptions__Output {
  /**
   * A language name or alias: "en", "english", "ch", "korean", "ko", ...
   */
  'language': (string);
  /**
   * Boxes read with less confidence are dropped, 0..1.
   */
  'confidence_threshold'?: (number);
  /**
   * Detect and read upside-down pages.
   */
  'use_angle_cls'?: (boolean);
  '_confidence_threshold'?: "confidence_threshold";
  '_use_angle_cls'?: "use_angle_cls";
}
