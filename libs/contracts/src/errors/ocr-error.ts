import { type ErrorCode, isErrorCode } from './error-codes.js';

/** Extra, machine-readable facts about an error (the field at fault, installed languages, ...). */
export type ErrorDetails = Record<string, string | number | boolean | string[]>;

/**
 * The one error type that crosses package boundaries. Its `message` says what to fix and is safe
 * to show to the client; `code` is what callers branch on.
 */
export class OcrError extends Error {
  override readonly name = 'OcrError';

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetails = {},
  ) {
    super(message);
  }

  toJSON(): SerializedOcrError {
    return { code: this.code, message: this.message, details: this.details };
  }

  static fromJSON(value: SerializedOcrError): OcrError {
    return new OcrError(value.code, value.message, value.details ?? {});
  }

  static is(value: unknown): value is OcrError {
    return value instanceof OcrError;
  }
}

/** How an `OcrError` travels between threads, processes and Redis. */
export interface SerializedOcrError {
  code: ErrorCode;
  message: string;
  details?: ErrorDetails;
}

export function isSerializedOcrError(value: unknown): value is SerializedOcrError {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return isErrorCode(v.code) && typeof v.message === 'string';
}
