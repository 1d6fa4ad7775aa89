// Original file: proto/ocr/v1/ocr.proto

import type { JobStatus as _ocr_v1_JobStatus, JobStatus__Output as _ocr_v1_JobStatus__Output } from '../../ocr/v1/JobStatus.js';
import type { OcrResult as _ocr_v1_OcrResult, OcrResult__Output as _ocr_v1_OcrResult__Output } from '../../ocr/v1/OcrResult.js';
import type { JobError as _ocr_v1_JobError, JobError__Output as _ocr_v1_JobError__Output } from '../../ocr/v1/JobError.js';

export interface Job {
  'id'?: (string);
  'status'?: (_ocr_v1_JobStatus);
  /**
   * Set when status is COMPLETED.
   */
  'result'?: (_ocr_v1_OcrResult | null);
  /**
   * Set when status is FAILED.
   */
  'error'?: (_ocr_v1_JobError | null);
  /**
   * RFC 3339 times.
   */
  'submitted_at'?: (string);
  'started_at'?: (string);
  'finished_at'?: (string);
  'attempts'?: (number);
  'filename'?: (string);
  'batch_id'?: (string);
}

export interface Job__Output {
  'id': (string);
  'status': (_ocr_v1_JobStatus__Output);
  /**
   * Set when status is COMPLETED.
   */
  'result': (_ocr_v1_OcrResult__Output | null);
  /**
   * Set when status is FAILED.
   */
  'error': (_ocr_v1_JobError__Output | null);
  /**
   * RFC 3339 times.
   */
  'submitted_at': (string);
  'started_at': (string);
  'finished_at': (string);
  'attempts': (number);
  'filename': (string);
  'batch_id': (string);
}
