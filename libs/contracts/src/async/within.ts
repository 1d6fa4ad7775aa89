/**
 * `promise`'s value, or `fallback` once `ms` have passed, whichever comes first. For Redis calls
 * that may never answer while Redis is away (a ping, a close); the timer never outlives the race.
 */
export async function within<T>(promise: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<T>((resolve) => (timer = setTimeout(() => resolve(fallback), ms)));
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}
