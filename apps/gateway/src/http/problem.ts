import { type ErrorCode, ErrorCodes, OcrError, type ProblemDetails } from '@ocr-pool/contracts';

/**
 * The one table from error codes to HTTP statuses, and the problem+json body every error becomes.
 * Handlers throw `OcrError`s; nothing else decides a status.
 */
export const STATUS_BY_CODE: Readonly<Record<ErrorCode, number>> = {
  [ErrorCodes.IMAGE_EMPTY]: 400,
  [ErrorCodes.REQUEST_INVALID]: 400,
  [ErrorCodes.UNAUTHORIZED]: 401,
  [ErrorCodes.NOT_FOUND]: 404,
  [ErrorCodes.METHOD_NOT_ALLOWED]: 405,
  [ErrorCodes.NOT_CANCELLABLE]: 409,
  [ErrorCodes.CANCELLED]: 409,
  [ErrorCodes.IDEMPOTENCY_CONFLICT]: 409,
  [ErrorCodes.JOB_NOT_FINISHED]: 409,
  [ErrorCodes.IMAGE_EXPIRED]: 410,
  [ErrorCodes.IMAGE_TOO_LARGE]: 413,
  [ErrorCodes.TOO_MANY_FILES]: 413,
  [ErrorCodes.IMAGE_UNREADABLE]: 415,
  [ErrorCodes.IMAGE_FORMAT_UNSUPPORTED]: 415,
  [ErrorCodes.IMAGE_TOO_MANY_PIXELS]: 422,
  [ErrorCodes.LANGUAGE_UNAVAILABLE]: 422,
  [ErrorCodes.INVALID_OPTION]: 422,
  [ErrorCodes.QUEUE_FULL]: 429,
  [ErrorCodes.RATE_LIMITED]: 429,
  [ErrorCodes.ENGINE_FAILURE]: 500,
  [ErrorCodes.BLOB_MISSING]: 500,
  [ErrorCodes.JOB_PAYLOAD_INVALID]: 500,
  [ErrorCodes.MODEL_PACK_INVALID]: 500,
  [ErrorCodes.EXECUTION_PROVIDER_UNAVAILABLE]: 500,
  [ErrorCodes.INTERNAL_ERROR]: 500,
  [ErrorCodes.UNAVAILABLE]: 503,
  [ErrorCodes.TIMEOUT]: 504,
};

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  409: 'Conflict',
  410: 'Gone',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export function problemFor(error: OcrError, instance?: string): ProblemDetails {
  const status = STATUS_BY_CODE[error.code];
  const details = error.details;
  const problem: ProblemDetails = {
    type: `https://ocr-pool.dev/problems/${error.code.toLowerCase().replace(/_/g, '-')}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail: error.message,
    code: error.code,
  };
  if (instance) problem.instance = instance;
  if (typeof details.field === 'string') problem.field = details.field;
  if (typeof details.job_id === 'string') problem.job_id = details.job_id;
  if (Array.isArray(details.installed)) problem.installed = details.installed;
  if (typeof details.retry_after_seconds === 'number') problem.retry_after_seconds = details.retry_after_seconds;
  return problem;
}

export const invalidOption = (field: string, message: string): OcrError =>
  new OcrError(ErrorCodes.INVALID_OPTION, message, { field });
