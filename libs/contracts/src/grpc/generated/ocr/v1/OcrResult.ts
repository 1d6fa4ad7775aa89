// Original file: proto/ocr/v1/ocr.proto

import type { TextBox as _ocr_v1_TextBox, TextBox__Output as _ocr_v1_TextBox__Output } from '../../ocr/v1/TextBox.js';
import type { ModelInfo as _ocr_v1_ModelInfo, ModelInfo__Output as _ocr_v1_ModelInfo__Output } from '../../ocr/v1/ModelInfo.js';
import type { StageTimings as _ocr_v1_StageTimings, StageTimings__Output as _ocr_v1_StageTimings__Output } from '../../ocr/v1/StageTimings.js';

export interface OcrResult {
  /**
   * Lines in reading order, joined with "\n".
   */
  'text'?: (string);
  'overall_confidence'?: (number | string);
  'text_boxes'?: (_ocr_v1_TextBox)[];
  'lines'?: (string)[];
  'width'?: (number);
  'height'?: (number);
  /**
   * Clockwise rotation in degrees applied to read the page upright: 0, 90, 180 or 270.
   */
  'angle'?: (number);
  'language'?: (string);
  'model'?: (_ocr_v1_ModelInfo | null);
  'timings'?: (_ocr_v1_StageTimings | null);
}

export interface OcrResult__Output {
  /**
   * Lines in reading order, joined with "\n".
   */
  'text': (string);
  'overall_confidence': (number);
  'text_boxes': (_ocr_v1_TextBox__Output)[];
  'lines': (string)[];
  'width': (number);
  'height': (number);
  /**
   * Clockwise rotation in degrees applied to read the page upright: 0, 90, 180 or 270.
   */
  'angle': (number);
  'language': (string);
  'model': (_ocr_v1_ModelInfo__Output | null);
  'timings': (_ocr_v1_StageTimings__Output | null);
}
