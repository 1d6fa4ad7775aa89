// Original file: proto/ocr/v1/ocr.proto

import type { Point as _ocr_v1_Point, Point__Output as _ocr_v1_Point__Output } from '../../ocr/v1/Point.js';

export interface TextBox {
  'text'?: (string);
  'confidence'?: (number | string);
  /**
   * Four corners in image pixels, starting at the text's own top-left, clockwise.
   */
  'box'?: (_ocr_v1_Point)[];
  /**
   * Index into OcrResult.lines of the line this box belongs to.
   */
  'line'?: (number);
}

export interface TextBox__Output {
  'text': (string);
  'confidence': (number);
  /**
   * Four corners in image pixels, starting at the text's own top-left, clockwise.
   */
  'box': (_ocr_v1_Point__Output)[];
  /**
   * Index into OcrResult.lines of the line this box belongs to.
   */
  'line': (number);
}
