import { type ErrorCode, ErrorCodes, isErrorCode } from '../errors/error-codes.js';

/**
 * How a job's failure reason travels through BullMQ, whose `failedReason` is a plain string:
 * `CODE: message`. Readable as is in Bull Board and logs, and parsed back into a code the APIs
 * map to statuses.
 */
export function encodeFailure(code: ErrorCode, message: string): string {
  return `${code}: ${message}`;
}

export function decodeFailure(reason: string | undefined): { code: ErrorCode; message: string } {
  const match = /^([A-Z_]+): ([\s\S]*)$/.exec(reason ?? '');
  if (match && isErrorCode(match[1])) return { code: match[1], message: match[2]! };
  return { code: ErrorCodes.ENGINE_FAILURE, message: reason || 'The job failed without a reason.' };
}
