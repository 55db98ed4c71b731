import { describe, expect, it } from 'vitest';
import { abortable } from '../../src/sync/abortable';

/** A source that yields `items`, then waits forever for a page that never comes; `closed` says whether it was closed. */
function stallingSource<T>(items: T[]) {
  const state = { closed: false };
  async function* source() {
    try {
      yield* items;
      await new Promise<never>(() => undefined);
    } finally {
      state.closed = true;
    }
  }
  return { source: source(), state };
}

async function collect<T>(iterable: AsyncIterable<T>, onItem: (item: T) => void = () => undefined): Promise<T[]> {
  const seen: T[] = [];
  for await (const item of iterable) {
    seen.push(item);
    onItem(item);
  }
  return seen;
}

describe('abortable', () => {
  it('without a signal passes the source through', async () => {
    async function* three() {
      yield* [1, 2, 3];
    }
    expect(await collect(abortable(three(), undefined))).toEqual([1, 2, 3]);
  });

  it('gives up a page being awaited the moment the signal aborts, throwing its reason', async () => {
    const { source } = stallingSource([1, 2]);
    const controller = new AbortController();
    const seen: number[] = [];
    const reading = collect(abortable(source, controller.signal), (n) => seen.push(n));
    // Both pages arrive; the third never does. The abort ends the wait.
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen).toEqual([1, 2]);
    controller.abort(new Error('stopping'));
    await expect(reading).rejects.toThrow('stopping');
  });

  it('an abort while the consumer works on a page ends the iteration before the next', async () => {
    async function* pages() {
      yield* [1, 2, 3];
    }
    const controller = new AbortController();
    const seen: number[] = [];
    const reading = collect(abortable(pages(), controller.signal), (n) => {
      seen.push(n);
      if (n === 1) controller.abort(new Error('stopping'));
    });
    await expect(reading).rejects.toThrow('stopping');
    expect(seen).toEqual([1]);
  });

  it('a signal already aborted reads nothing', async () => {
    const { source } = stallingSource([1]);
    await expect(collect(abortable(source, AbortSignal.abort(new Error('stopped'))))).rejects.toThrow('stopped');
  });

  it('closes a source that finished its page', async () => {
    async function* pages() {
      yield* [1, 2, 3];
    }
    const source = pages();
    const controller = new AbortController();
    await expect(collect(abortable(source, controller.signal), (n) => n === 2 && controller.abort(new Error('x')))).rejects.toThrow('x');
    expect(await source.next()).toEqual({ done: true, value: undefined });
  });
});
