/**
 * Wraps an async job so that calls while it runs join the run in progress
 * instead of starting a second one (a /sync during the scheduled sync).
 */
export function singleFlight<T>(job: () => Promise<T>): () => Promise<T> {
  let running: Promise<T> | null = null;
  return () => {
    running ??= job().finally(() => {
      running = null;
    });
    return running;
  };
}
