// Original file: proto/ocr/v1/ocr.proto

import type { OcrResult as _ocr_v1_OcrResult, OcrResult__Output as _ocr_v1_OcrResult__Output } from '../../ocr/v1/OcrResult.js';
import type { JobError as _ocr_v1_JobError, JobError__Output as _ocr_v1_JobError__Output } from '../../ocr/v1/JobError.js';

export interface BatchItem {
  'filename'?: (string);
  'result'?: (_ocr_v1_OcrResult | null);
  'error'?: (_ocr_v1_JobError | null);
  'job_id'?: (string);
  'outcome'?: "result"|"error";
}

export interface BatchItem__Output {
  'filename': (string);
  'result'?: (_ocr_v1_OcrResult__Output | null);
  'error'?: (_ocr_v1_JobError__Output | null);
  'job_id': (string);
  'outcome'?: "result"|"error";
}
