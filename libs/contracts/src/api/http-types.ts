import type { ErrorCode } from '../errors/error-codes.js';
import type { JobStatus } from '../jobs/job-status.js';
import type { LanguageAvailability } from '../jobs/languages.js';
import type { OcrResult } from '../ocr/ocr-result.js';

/** Response bodies of the HTTP API (v1 and the old service's routes). Field names are wire names. */

export interface JobAccepted {
  id: string;
  status: JobStatus;
}

export interface JobErrorView {
  code: ErrorCode;
  message: string;
}

export interface JobView {
  id: string;
  status: JobStatus;
  batch_id?: string;
  filename?: string;
  result?: OcrResult;
  error?: JobErrorView;
  /** ISO 8601 times. */
  submitted_at: string;
  started_at?: string;
  finished_at?: string;
  attempts: number;
}

export type BatchStatus = 'queued' | 'active' | 'completed' | 'failed' | 'partial';

export interface BatchAccepted {
  id: string;
  status: 'queued';
  jobs: JobAccepted[];
}

export interface BatchView {
  id: string;
  status: BatchStatus;
  counts: Record<JobStatus, number>;
  jobs: JobView[];
}

/** RFC 9457 problem details, with our stable `code` and the facts that explain it. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  instance?: string;
  field?: string;
  job_id?: string;
  installed?: string[];
  retry_after_seconds?: number;
}

/** `POST /extract_text_batch`: one entry per uploaded image, in upload order. */
export interface LegacyBatchItem {
  filename: string;
  success: boolean;
  result?: OcrResult;
  error?: JobErrorView;
}

export interface LegacyBatchResponse {
  results: LegacyBatchItem[];
  total: number;
  succeeded: number;
  failed: number;
}

export interface LanguagesResponse {
  default_language: string;
  /** Empty when no worker has announced itself yet. */
  languages: LanguageAvailability[];
}

export interface HealthResponse {
  status: 'ok' | 'unavailable';
  checks: Record<string, 'ok' | 'fail'>;
}
