// Original file: proto/ocr/v1/ocr.proto

import type { Image as _ocr_v1_Image, Image__Output as _ocr_v1_Image__Output } from '../../ocr/v1/Image.js';
import type { OcrOptions as _ocr_v1_OcrOptions, OcrOptions__Output as _ocr_v1_OcrOptions__Output } from '../../ocr/v1/OcrOptions.js';

export interface ExtractTextBatchRequest {
  'images'?: (_ocr_v1_Image)[];
  'options'?: (_ocr_v1_OcrOptions | null);
}

export interface ExtractTextBatchRequest__Output {
  'images': (_ocr_v1_Image__Output)[];
  'options': (_ocr_v1_OcrOptions__Output | null);
}
