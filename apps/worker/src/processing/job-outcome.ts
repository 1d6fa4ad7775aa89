import { UnrecoverableError } from 'bullmq';
import { type ErrorCode, encodeFailure, isDeterministicError } from '@ocr-pool/contracts';

/**
 * Maps a failed image to BullMQ's vocabulary: input problems (not an image, too many pixels,
 * unknown language, ...) fail at once, since every retry would fail the same way; engine
 * failures are retried with backoff. The reason keeps the error code (`CODE: message`).
 */
export function failureFor(code: ErrorCode, message: string): Error {
  const reason = encodeFailure(code, message);
  return isDeterministicError(code) ? new UnrecoverableError(reason) : new Error(reason);
}
