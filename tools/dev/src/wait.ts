export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` until it returns `want` (errors count as not yet); returns the last value seen. */
export async function until<T>(
  probe: () => Promise<T>,
  want: T,
  timeoutMs: number,
  everyMs = 100,
): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await probe().catch(() => undefined);
    if (last === want) return last;
    await sleep(everyMs);
  }
  return last;
}

/** `/readyz` status, or `down` when nothing answers within a second. */
export function readyz(url: string): Promise<number | 'down'> {
  return fetch(`${url}/readyz`, { signal: AbortSignal.timeout(1_000) }).then(
    async (res) => {
      await res.arrayBuffer();
      return res.status;
    },
    () => 'down' as const,
  );
}
