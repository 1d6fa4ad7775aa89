import { ErrorCodes, OcrError } from '@ocr-pool/contracts';

/**
 * What any failure in a service call means to a client, for every transport: an `OcrError` as it
 * is, a lost or stalled Redis connection, or a Redis at its `maxmemory`, as UNAVAILABLE (retry
 * later), anything else as INTERNAL_ERROR,
 * reported without internals (the caller logs the original).
 */
export function knownError(error: unknown): OcrError {
  if (error instanceof OcrError) return error;
  if (isRedisFull(error as RedisLikeError | undefined))
    return new OcrError(
      ErrorCodes.UNAVAILABLE,
      'The queue (Redis) is out of memory and refuses new work until workers drain it. Retry later.',
      { retry_after_seconds: 5 },
    );
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

/** Redis at its `maxmemory` with `noeviction` refuses writes (reads still work). */
function isRedisFull(e: RedisLikeError | undefined): boolean {
  return /^OOM command not allowed/.test(e?.message ?? '');
}
