// Original file: proto/ocr/v1/ocr.proto

import type { Image as _ocr_v1_Image, Image__Output as _ocr_v1_Image__Output } from '../../ocr/v1/Image.js';
import type { OcrOptions as _ocr_v1_OcrOptions, OcrOptions__Output as _ocr_v1_OcrOptions__Output } from '../../ocr/v1/OcrOptions.js';

export interface ExtractTextRequest {
  'image'?: (_ocr_v1_Image | null);
  'options'?: (_ocr_v1_OcrOptions | null);
}

export interface ExtractTextRequest__Output {
  'image': (_ocr_v1_Image__Output | null);
  'options': (_ocr_v1_OcrOptions__Output | null);
}
