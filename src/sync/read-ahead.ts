/**
 * Iterates `source` one item ahead: while the consumer works on an item (a
 * page being written to SQLite), the next one is already being fetched (its
 * HTTP request in flight). Errors surface in order, when the consumer reaches
 * them; a consumer that stops early closes the source.
 */
export async function* readAhead<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  let pending = iterator.next();
  // A failure of the page fetched ahead is reported when awaited, not as an unhandled rejection meanwhile.
  pending.catch(() => undefined);
  let finished = false;
  try {
    for (;;) {
      const step = await pending;
      if (step.done) {
        finished = true;
        return;
      }
      pending = iterator.next();
      pending.catch(() => undefined);
      yield step.value;
    }
  } finally {
    if (!finished) await iterator.return?.();
  }
}
