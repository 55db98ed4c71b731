import { describe, expect, it } from 'vitest';
import type { SyncMode } from '../../src/jobs/sync-and-evaluate';
import { createSyncQueue } from '../../src/jobs/sync-queue';
import type { ProgressListener, SyncProgress } from '../../src/sync/progress';

/** A progress snapshot told by a sync: only `totalRows` differs between them here. */
const progress = (totalRows: number): SyncProgress => ({
  mode: 'full',
  entity: 'deals',
  rows: { deals: totalRows },
  totalRows,
  requests: 0,
  elapsedMs: 0,
  rate: 0,
  expectedRows: null,
  etaMs: null,
  almostDone: false,
});

/** A `run` the test drives by hand: each call keeps the progress listener the queue gave it and waits to be resolved. */
function handRun() {
  const calls: { mode: SyncMode; tell: ProgressListener; resolve(): void }[] = [];
  const run = (mode: SyncMode, tell: ProgressListener) =>
    new Promise<number>((resolve) => {
      const n = calls.length + 1;
      calls.push({ mode, tell, resolve: () => resolve(n) });
    });
  return { run, calls };
}

/** A listener that keeps the rows of every progress it hears. */
function heard() {
  const rows: number[] = [];
  return { rows, listener: (p: SyncProgress) => void rows.push(p.totalRows) };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('createSyncQueue: whoever waits for a sync hears its progress', () => {
  it('the asker that started it, and one that joined it later — from when it joined', async () => {
    const { run, calls } = handRun();
    const queue = createSyncQueue(run);
    const [first, second] = [heard(), heard()];
    const a = queue.now('incremental', first.listener);
    calls[0]!.tell(progress(10));
    const b = queue.now('incremental', second.listener);
    calls[0]!.tell(progress(20));
    calls[0]!.resolve();
    expect([await a, await b]).toEqual([1, 1]);
    expect(first.rows).toEqual([10, 20]);
    expect(second.rows).toEqual([20]);
  });

  it('a full ask during an incremental sync hears the full follow-up, not the running sync; an incremental joiner hears the running one', async () => {
    const { run, calls } = handRun();
    const queue = createSyncQueue(run);
    const [incremental, full, fullAgain, joiner] = [heard(), heard(), heard(), heard()];
    void queue.now('incremental', incremental.listener);
    void queue.now('full', full.listener);
    void queue.now('full', fullAgain.listener);
    void queue.now('incremental', joiner.listener);
    calls[0]!.tell(progress(1));
    calls[0]!.resolve();
    await turn();
    expect(calls.map((c) => c.mode)).toEqual(['incremental', 'full']);
    calls[1]!.tell(progress(500));
    expect(incremental.rows).toEqual([1]);
    expect(joiner.rows).toEqual([1]);
    expect(full.rows).toEqual([500]);
    expect(fullAgain.rows).toEqual([500]);
  });

  it('a sync asked without a listener, or by a change, runs with a listener that tells no one', async () => {
    const { run, calls } = handRun();
    const queue = createSyncQueue(run);
    void queue.afterChange();
    expect(() => calls[0]!.tell(progress(1))).not.toThrow();
    const late = heard();
    void queue.now('incremental', late.listener);
    calls[0]!.tell(progress(2));
    expect(late.rows).toEqual([2]);
  });

  it('a listener that throws does not keep the others from hearing; the sync is told it failed (runSync logs it and goes on)', () => {
    const { run, calls } = handRun();
    const queue = createSyncQueue(run);
    const [before, after] = [heard(), heard()];
    void queue.now('incremental', before.listener);
    void queue.now('incremental', () => {
      throw new Error('a broken listener');
    });
    void queue.now('incremental', after.listener);
    expect(() => calls[0]!.tell(progress(7))).toThrow(AggregateError);
    expect(before.rows).toEqual([7]);
    expect(after.rows).toEqual([7]);
  });

  it('once a sync ended, its listeners hear nothing of the next one', async () => {
    const { run, calls } = handRun();
    const queue = createSyncQueue(run);
    const first = heard();
    const a = queue.now('incremental', first.listener);
    calls[0]!.resolve();
    await a;
    void queue.now('incremental');
    calls[1]!.tell(progress(3));
    expect(first.rows).toEqual([]);
  });
});
