/**
 * A job whose stored data is not JSON (written by something other than a gateway, or damaged).
 * BullMQ parses a job's data as it hands the job over, so such a job threw there on every pick-up,
 * stalled, and was taken again forever. The worker gives it this stand-in data instead, which the
 * processor fails with JOB_PAYLOAD_INVALID: the job ends, with the reason.
 */
const MARK = 'ocrPoolUnreadableData';

export function unreadableData(error: unknown): string {
  return JSON.stringify({ [MARK]: error instanceof Error ? error.message : String(error) });
}

/** Why the job's data could not be read, when it is the stand-in; undefined for any other data. */
export function unreadableReason(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const reason = (data as Record<string, unknown>)[MARK];
  return typeof reason === 'string' ? reason : undefined;
}
