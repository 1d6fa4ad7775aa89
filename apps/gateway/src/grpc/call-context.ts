import { type Metadata, type ServerUnaryCall, status } from '@grpc/grpc-js';

/** What every server call has (grpc-js does not export the type under a name). */
type ServerSurfaceCall = ServerUnaryCall<unknown, unknown>;
import { ErrorCodes, OcrError, REQUEST_ID_METADATA_KEY, acceptRequestId } from '@ocr-pool/contracts';
import type { Logger } from 'pino';
import { type ApiKeyAuthenticator, presentedKey } from '../auth/api-keys.js';

/**
 * What a gRPC handler needs from its call before it calls the service: the tenant behind the key
 * in `authorization` (`Bearer KEY`) or `x-api-key` metadata, a request id (`x-request-id`, or a new
 * one), how long the caller will wait, and a signal that aborts when the caller goes away.
 */
export interface CallContext {
  tenant: string;
  requestId: string;
  log: Logger;
  signal: AbortSignal;
  /** Milliseconds until the call's deadline, capped by the gateway's own sync timeout. */
  timeoutMs: number;
  /**
   * When (epoch ms) a call that may answer early (a long poll) answers: a little before its deadline,
   * so it answers instead of being reset by its client (Infinity without a deadline). Clients reset
   * every call that outlives its deadline, and Node ends an HTTP/2 connection that receives too many
   * resets, failing every other call on it (about one in a thousand such calls, measured).
   */
  answerBy: number;
  /** The call had a deadline and it has passed. */
  deadlinePassed(): boolean;
}

export function callContext(
  call: ServerSurfaceCall,
  auth: ApiKeyAuthenticator,
  logger: Logger,
  syncTimeoutMs: number,
): CallContext {
  const metadata = call.metadata;
  const requestId = acceptRequestId(metadata.get(REQUEST_ID_METADATA_KEY));
  const authorization = first(metadata, 'authorization');
  const tenant = auth.tenantFor(presentedKey({ authorization, 'x-api-key': first(metadata, 'x-api-key') }));
  if (!tenant) {
    throw new OcrError(
      ErrorCodes.UNAUTHORIZED,
      authorization || first(metadata, 'x-api-key')
        ? 'The API key is not valid.'
        : 'An API key is required: send "authorization: Bearer KEY" metadata.',
    );
  }
  const controller = new AbortController();
  call.once('cancelled', () => controller.abort());
  const deadline = call.getDeadline();
  const until = deadline instanceof Date ? deadline.getTime() : deadline;
  const timeoutMs = Number.isFinite(until) ? Math.max(0, Math.min(syncTimeoutMs, until - Date.now())) : syncTimeoutMs;
  return {
    tenant,
    requestId,
    log: logger.child({ requestId, tenant }),
    signal: controller.signal,
    timeoutMs,
    answerBy: Number.isFinite(until) ? until - answerMargin(until - Date.now()) : Infinity,
    deadlinePassed: () => Number.isFinite(until) && Date.now() >= until,
  };
}

/** Time kept for the answer to reach the client: a fifth of the time left, at most 200 ms. */
function answerMargin(leftMs: number): number {
  return Math.min(200, Math.max(0, leftMs) / 5);
}

/** For a call its client ended (cancelled, or its deadline passed): the code to count and log it as. */
export function endedByClient(call: ServerSurfaceCall): status | undefined {
  if (!call.cancelled) return undefined;
  const deadline = call.getDeadline();
  const until = deadline instanceof Date ? deadline.getTime() : deadline;
  return Number.isFinite(until) && Date.now() >= until ? status.DEADLINE_EXCEEDED : status.CANCELLED;
}

function first(metadata: Metadata, key: string): string | undefined {
  const [value] = metadata.get(key);
  return typeof value === 'string' ? value : value?.toString('utf8');
}
