import { setTimeout as wait } from 'node:timers/promises';

/**
 * What the CRM clients share to let a caller give a call up: a request's
 * signal that fires on the caller's abort or after `timeoutMs`, and a pause
 * (backoff, a method's reset) that ends early, rejecting, on the abort.
 */
export function requestSignal(timeoutMs: number, signal: AbortSignal | undefined): AbortSignal {
  return signal ? AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs);
}

export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return wait(ms, undefined, signal ? { signal } : {});
}

/**
 * Reads `parts` side by side (each part one request) and returns their rows
 * in order. The first part to fail gives up the others (each is handed a
 * signal that fires then, or on the caller's abort): the read fails anyway,
 * so the CRM's rate is not spent on answers nobody will use.
 */
export async function readAllOrNone<P, R>(parts: readonly P[], signal: AbortSignal | undefined, read: (part: P, signal: AbortSignal) => Promise<R[]>): Promise<R[]> {
  const giveUp = new AbortController();
  const partSignal = signal ? AbortSignal.any([signal, giveUp.signal]) : giveUp.signal;
  try {
    const rows = await Promise.all(
      parts.map(async (part) => {
        try {
          return await read(part, partSignal);
        } catch (error) {
          giveUp.abort();
          throw error;
        }
      }),
    );
    return rows.flat();
  } finally {
    giveUp.abort();
  }
}
