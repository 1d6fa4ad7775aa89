/**
 * A per-call signal that aborts when the call's own signal does or when a long-lived one does (the
 * gateway's shutdown), and lets go of the long-lived one when the call ends. `AbortSignal.any`
 * cannot be used with a signal that lives as long as the process: on Node 20 each call leaves an
 * entry on it that is never freed (nodejs/node#55351; 100,000 calls kept 65 MB here).
 */
export interface LinkedSignal {
  signal: AbortSignal;
  /** Removes the listeners this link put on both signals; call it when the call ends. */
  release(): void;
}

export function linkSignals(longLived: AbortSignal, call?: AbortSignal): LinkedSignal {
  const controller = new AbortController();
  const abort = (): void => controller.abort();
  const release = (): void => {
    longLived.removeEventListener('abort', abort);
    call?.removeEventListener('abort', abort);
  };
  if (longLived.aborted || call?.aborted) {
    controller.abort();
    return { signal: controller.signal, release };
  }
  longLived.addEventListener('abort', abort, { once: true });
  call?.addEventListener('abort', abort, { once: true });
  return { signal: controller.signal, release };
}
