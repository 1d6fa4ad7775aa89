import { randomUUID } from 'node:crypto';

/**
 * Request ids, the same for every transport: HTTP takes the caller's `X-Request-Id` header, gRPC
 * the `x-request-id` metadata entry (gRPC metadata keys are lower-case), and both echo the id
 * back. A caller's id is kept only when it is short and plain (it goes into logs and job data);
 * otherwise a new one is made. The id travels with the job (`requestId` in the job data), so the
 * worker's log lines for a job carry the id of the request that submitted it.
 */
export const REQUEST_ID_HEADER = 'X-Request-Id';
export const REQUEST_ID_METADATA_KEY = 'x-request-id';

const SANE_ID = /^[\w.:-]{1,128}$/;

/**
 * The request id to use for a call: `given` when it is a sane id, else a new UUID. Pass what the
 * transport holds as is: a header value, or a gRPC `metadata.get('x-request-id')` array (its first
 * string entry is used).
 */
export function acceptRequestId(given: unknown): string {
  const candidate = Array.isArray(given) ? (given as unknown[])[0] : given;
  return typeof candidate === 'string' && SANE_ID.test(candidate) ? candidate : randomUUID();
}
