import { ErrorCodes, OcrError } from '@ocr-pool/contracts';

/**
 * What any failure in a service call means to a client, for every transport: an `OcrError` as it
 * is, a lost or stalled Redis connection as UNAVAILABLE (retry shortly), anything else as INTERNAL_ERROR,
 * reported without internals (the caller logs the original).
 */
export function knownError(error: unknown): OcrError {
  if (error instanceof OcrError) return error;
  if (isRedisDown(error as RedisLikeError | undefined))
    return new OcrError(ErrorCodes.UNAVAILABLE, 'The queue (Redis) is unreachable or not answering. Retry shortly.', {
      retry_after_seconds: 1,
    });
  return new OcrError(
    ErrorCodes.INTERNAL_ERROR,
    'An unexpected error occurred; it has been logged with this request id.',
  );
}

interface RedisLikeError {
  name?: string;
  message?: string;
  code?: string;
}

function isRedisDown(e: RedisLikeError | undefined): boolean {
  const text = `${e?.name ?? ''} ${e?.message ?? ''} ${e?.code ?? ''}`;
  return /ECONNREFUSED|ECONNRESET|ETIMEDOUT|Connection is closed|Stream isn't writeable|enableOfflineQueue|MaxRetriesPerRequest|ENOTFOUND|EPIPE|Command timed out/.test(
    text,
  );
}
