import { Metadata, type StatusObject, status } from '@grpc/grpc-js';
import { type ErrorCode, ErrorCodes, type OcrError } from '@ocr-pool/contracts';

/**
 * The one table from error codes to gRPC statuses (the HTTP twin is `http/problem.ts`), and the
 * status every error becomes. The service's code, the field to fix and the job id travel in
 * trailing metadata (`ocr-error-code`, `ocr-error-field`, `ocr-job-id`, `retry-after-seconds`), so
 * clients can branch without parsing messages. No known failure is ever UNKNOWN.
 */
export const GRPC_STATUS_BY_CODE: Readonly<Record<ErrorCode, status>> = {
  [ErrorCodes.IMAGE_EMPTY]: status.INVALID_ARGUMENT,
  [ErrorCodes.IMAGE_UNREADABLE]: status.INVALID_ARGUMENT,
  [ErrorCodes.IMAGE_FORMAT_UNSUPPORTED]: status.INVALID_ARGUMENT,
  [ErrorCodes.IMAGE_TOO_MANY_PIXELS]: status.INVALID_ARGUMENT,
  [ErrorCodes.LANGUAGE_UNAVAILABLE]: status.INVALID_ARGUMENT,
  [ErrorCodes.INVALID_OPTION]: status.INVALID_ARGUMENT,
  [ErrorCodes.REQUEST_INVALID]: status.INVALID_ARGUMENT,
  [ErrorCodes.IMAGE_TOO_LARGE]: status.RESOURCE_EXHAUSTED,
  [ErrorCodes.TOO_MANY_FILES]: status.RESOURCE_EXHAUSTED,
  [ErrorCodes.QUEUE_FULL]: status.RESOURCE_EXHAUSTED,
  [ErrorCodes.RATE_LIMITED]: status.RESOURCE_EXHAUSTED,
  [ErrorCodes.UNAUTHORIZED]: status.UNAUTHENTICATED,
  [ErrorCodes.NOT_FOUND]: status.NOT_FOUND,
  [ErrorCodes.METHOD_NOT_ALLOWED]: status.UNIMPLEMENTED,
  [ErrorCodes.NOT_CANCELLABLE]: status.FAILED_PRECONDITION,
  [ErrorCodes.CANCELLED]: status.ABORTED,
  [ErrorCodes.JOB_NOT_FINISHED]: status.FAILED_PRECONDITION,
  [ErrorCodes.IMAGE_EXPIRED]: status.NOT_FOUND,
  [ErrorCodes.IDEMPOTENCY_CONFLICT]: status.ALREADY_EXISTS,
  [ErrorCodes.TIMEOUT]: status.DEADLINE_EXCEEDED,
  [ErrorCodes.UNAVAILABLE]: status.UNAVAILABLE,
  [ErrorCodes.ENGINE_FAILURE]: status.INTERNAL,
  [ErrorCodes.BLOB_MISSING]: status.INTERNAL,
  [ErrorCodes.JOB_PAYLOAD_INVALID]: status.INTERNAL,
  [ErrorCodes.MODEL_PACK_INVALID]: status.INTERNAL,
  [ErrorCodes.EXECUTION_PROVIDER_UNAVAILABLE]: status.INTERNAL,
  [ErrorCodes.INTERNAL_ERROR]: status.INTERNAL,
};

export type GrpcError = Pick<StatusObject, 'code' | 'details' | 'metadata'>;

export function grpcErrorFor(error: OcrError): GrpcError {
  const metadata = new Metadata();
  metadata.set('ocr-error-code', error.code);
  const { field, job_id: jobId, retry_after_seconds: retryAfter } = error.details;
  if (typeof field === 'string') metadata.set('ocr-error-field', field);
  if (typeof jobId === 'string') metadata.set('ocr-job-id', jobId);
  if (typeof retryAfter === 'number') metadata.set('retry-after-seconds', String(retryAfter));
  return { code: GRPC_STATUS_BY_CODE[error.code], details: error.message, metadata };
}
