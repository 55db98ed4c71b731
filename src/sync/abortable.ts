/**
 * Iterates `source` until `signal` aborts: then the page being awaited is
 * given up at once — a CRM page can take many seconds to come, and a process
 * being stopped cannot wait for it — and the iteration throws the signal's
 * reason. The source is closed in the background (its request in flight is
 * left to finish or fail unheard).
 */
export async function* abortable<T>(source: AsyncIterable<T>, signal: AbortSignal | undefined): AsyncGenerator<T> {
  if (!signal) {
    yield* source;
    return;
  }
  const iterator = source[Symbol.asyncIterator]();
  let aborted: () => void = () => undefined;
  const abort = new Promise<never>((_, reject) => {
    aborted = () => reject(signal.reason);
    if (signal.aborted) aborted();
    else signal.addEventListener('abort', aborted, { once: true });
  });
  // Awaited only through the race below; never an unhandled rejection when nobody is waiting.
  abort.catch(() => undefined);
  let finished = false;
  try {
    for (;;) {
      const step = await Promise.race([iterator.next(), abort]);
      if (step.done) {
        finished = true;
        return;
      }
      yield step.value;
      signal.throwIfAborted();
    }
  } finally {
    signal.removeEventListener('abort', aborted);
    if (!finished) void Promise.resolve(iterator.return?.()).catch(() => undefined);
  }
}
