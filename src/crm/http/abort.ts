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
