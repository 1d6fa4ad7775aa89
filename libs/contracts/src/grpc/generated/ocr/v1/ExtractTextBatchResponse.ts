// Original file: proto/ocr/v1/ocr.proto

import type { BatchItem as _ocr_v1_BatchItem, BatchItem__Output as _ocr_v1_BatchItem__Output } from '../../ocr/v1/BatchItem.js';

export interface ExtractTextBatchResponse {
  'results'?: (_ocr_v1_BatchItem)[];
  'succeeded'?: (number);
  'failed'?: (number);
}

export interface ExtractTextBatchResponse__Output {
  'results': (_ocr_v1_BatchItem__Output)[];
  'succeeded': (number);
  'failed': (number);
}
