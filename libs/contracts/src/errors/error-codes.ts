/**
 * Stable error codes shared by the engine, the worker and both gateways. Clients branch on these,
 * so a code is never renamed; add new ones instead.
 */
export const ErrorCodes = {
  /** The upload had no bytes. */
  IMAGE_EMPTY: 'IMAGE_EMPTY',
  /** The bytes are not a decodable image (corrupt, truncated, or not an image at all). */
  IMAGE_UNREADABLE: 'IMAGE_UNREADABLE',
  /** A real format we refuse (SVG, PDF, ...). */
  IMAGE_FORMAT_UNSUPPORTED: 'IMAGE_FORMAT_UNSUPPORTED',
  /** More bytes than the configured limit. */
  IMAGE_TOO_LARGE: 'IMAGE_TOO_LARGE',
  /** More pixels than the configured limit (decompression bombs). */
  IMAGE_TOO_MANY_PIXELS: 'IMAGE_TOO_MANY_PIXELS',
  /** No installed engine reads the requested language. */
  LANGUAGE_UNAVAILABLE: 'LANGUAGE_UNAVAILABLE',
  /** An option is out of range or of the wrong type. */
  INVALID_OPTION: 'INVALID_OPTION',
  /** A model pack on disk is incomplete or inconsistent. */
  MODEL_PACK_INVALID: 'MODEL_PACK_INVALID',
  /** The requested execution provider (e.g. CUDA) cannot be used on this machine. */
  EXECUTION_PROVIDER_UNAVAILABLE: 'EXECUTION_PROVIDER_UNAVAILABLE',
  /** The engine failed on an input it accepted; retrying may help. */
  ENGINE_FAILURE: 'ENGINE_FAILURE',
  /** A job's image was gone from Redis when a worker took the job (expired, or deleted). */
  BLOB_MISSING: 'BLOB_MISSING',
  /** A job's data does not match the job schema (written by an incompatible gateway). */
  JOB_PAYLOAD_INVALID: 'JOB_PAYLOAD_INVALID',
  /** The request is malformed in a way no field explains (bad multipart, missing image part). */
  REQUEST_INVALID: 'REQUEST_INVALID',
  /** More files in one request than allowed. */
  TOO_MANY_FILES: 'TOO_MANY_FILES',
  /** No or wrong API key. */
  UNAUTHORIZED: 'UNAUTHORIZED',
  /** No such job or batch for this caller (another tenant's jobs are reported the same way). */
  NOT_FOUND: 'NOT_FOUND',
  /** The path exists but does not take this HTTP method (the `Allow` header lists those it takes). */
  METHOD_NOT_ALLOWED: 'METHOD_NOT_ALLOWED',
  /** The job is running or finished and can no longer be cancelled. */
  NOT_CANCELLABLE: 'NOT_CANCELLABLE',
  /** The job has not completed (still queued or running, or it failed), so there is no result to draw. */
  JOB_NOT_FINISHED: 'JOB_NOT_FINISHED',
  /** A finished job's image is no longer kept (see IMAGE_RETENTION_SECONDS), so its result cannot be drawn. */
  IMAGE_EXPIRED: 'IMAGE_EXPIRED',
  /** The job was cancelled before a worker took it. */
  CANCELLED: 'CANCELLED',
  /** An Idempotency-Key was reused with a different image or options. */
  IDEMPOTENCY_CONFLICT: 'IDEMPOTENCY_CONFLICT',
  /** This API key submitted faster than its rate limit; retry after the advertised delay. */
  RATE_LIMITED: 'RATE_LIMITED',
  /** Too many jobs are waiting; retry after the advertised delay. */
  QUEUE_FULL: 'QUEUE_FULL',
  /** The caller's deadline passed before the result was ready (the job may still finish). */
  TIMEOUT: 'TIMEOUT',
  /** Redis (or another dependency) is unreachable. */
  UNAVAILABLE: 'UNAVAILABLE',
  /** A bug or an unexpected condition in the service; the message is logged with the request id. */
  INTERNAL_ERROR: 'INTERNAL_ERROR',
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

/** Codes that will fail the same way every time: retrying them only wastes a worker. */
const DETERMINISTIC: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  ErrorCodes.IMAGE_EMPTY,
  ErrorCodes.IMAGE_UNREADABLE,
  ErrorCodes.IMAGE_FORMAT_UNSUPPORTED,
  ErrorCodes.IMAGE_TOO_LARGE,
  ErrorCodes.IMAGE_TOO_MANY_PIXELS,
  ErrorCodes.LANGUAGE_UNAVAILABLE,
  ErrorCodes.INVALID_OPTION,
  ErrorCodes.BLOB_MISSING,
  ErrorCodes.JOB_PAYLOAD_INVALID,
]);

export function isDeterministicError(code: ErrorCode): boolean {
  return DETERMINISTIC.has(code);
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.values<string>(ErrorCodes).includes(value);
}
