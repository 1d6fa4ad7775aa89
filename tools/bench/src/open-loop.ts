/**
 * Open-loop sending: call `send` `count` times at `rate` per second on a fixed schedule, whether or
 * not earlier calls have returned, as independent clients would. Each call gets its index and its
 * scheduled start, so latency can be counted from the schedule and a late sender loop cannot hide
 * queueing. Resolves when every call has settled, with the schedule's start time.
 */
export async function sendOnSchedule(
  count: number,
  rate: number,
  send: (index: number, scheduledAt: number) => Promise<void>,
): Promise<{ startedAt: number }> {
  const startedAt = performance.now();
  const pending: Array<Promise<void>> = [];
  for (let i = 0; i < count; i++) {
    const scheduledAt = startedAt + (i * 1000) / rate;
    const wait = scheduledAt - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    pending.push(send(i, scheduledAt));
  }
  await Promise.all(pending);
  return { startedAt };
}
