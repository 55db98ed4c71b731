import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startApp, type App } from '../../src/app';
import { FixedClock } from '../../src/clock';
import { parseConfig } from '../../src/config';
import type { LiveConnector } from '../../src/crm/connector';
import { openDatabase, type DatabaseHandle } from '../../src/db/client';
import { prepareAccount } from '../../src/jobs/context';
import type { SyncMode } from '../../src/jobs/sync-and-evaluate';
import { createSyncQueue } from '../../src/jobs/sync-queue';
import { createLogger } from '../../src/logger';
import { acquireSyncLease, SyncBusyError } from '../../src/sync/lease';
import { BOT_SNAPSHOT, NOW } from '../support/bot-fixture';
import { fixtureConnector } from '../support/fixture-connector';

interface Result {
  run: number;
  mode: SyncMode;
}

/** A `run` the test finishes by hand: every call is recorded with its mode and waits until resolved or rejected. */
function handRun() {
  const calls: { mode: SyncMode; result: Result; resolve(): void; reject(error: Error): void }[] = [];
  const run = (mode: SyncMode) =>
    new Promise<Result>((resolve, reject) => {
      const result = { run: calls.length + 1, mode };
      calls.push({ mode, result, resolve: () => resolve(result), reject });
    });
  return { run, calls, modes: () => calls.map((c) => c.mode) };
}

/** One turn of the event loop: whatever could settle by now has. */
const turn = () => new Promise((resolve) => setImmediate(resolve));

/** Records how a promise settled, so a test can check that it has not yet. */
function watch<T>(promise: Promise<T>) {
  const state: { settled: boolean; value?: T; error?: unknown } = { settled: false };
  promise.then(
    (value) => Object.assign(state, { settled: true, value }),
    (error: unknown) => Object.assign(state, { settled: true, error }),
  );
  return state;
}

describe('createSyncQueue', () => {
  it.each<[string, SyncMode[], SyncMode]>([
    ['three incremental asks', ['incremental', 'incremental', 'incremental'], 'incremental'],
    ['three full asks', ['full', 'full', 'full'], 'full'],
    ['an incremental ask during a full sync', ['full', 'incremental'], 'full'],
  ])('%s at once: one run, and every caller gets that run’s very result', async (_, asks, mode) => {
    const { run, calls, modes } = handRun();
    const queue = createSyncQueue(run);
    const answers = asks.map((m) => queue.now(m));
    expect(modes()).toEqual([mode]);
    calls[0]!.resolve();
    const results = await Promise.all(answers);
    for (const result of results) expect(result).toBe(calls[0]!.result);
    await turn();
    expect(calls).toHaveLength(1);
  });

  it('a full ask during an incremental sync runs one full sync right after it; asks while it waits join as documented', async () => {
    const { run, calls, modes } = handRun();
    const queue = createSyncQueue(run);
    const incremental = watch(queue.now('incremental'));
    const full = watch(queue.now('full'));
    // While the follow-up waits: a full ask joins the follow-up, an incremental one the running sync, a change the follow-up.
    const fullAgain = watch(queue.now('full'));
    const incrementalAgain = watch(queue.now('incremental'));
    const change = watch(queue.afterChange());
    await turn();
    expect(modes()).toEqual(['incremental']);

    calls[0]!.resolve();
    await turn();
    expect(modes()).toEqual(['incremental', 'full']);
    expect(incremental.value).toBe(calls[0]!.result);
    expect(incrementalAgain.value).toBe(calls[0]!.result);
    expect([full.settled, fullAgain.settled, change.settled]).toEqual([false, false, false]);

    // During the full follow-up, a full or incremental ask joins it.
    const duringFull = [watch(queue.now('full')), watch(queue.now('incremental'))];
    calls[1]!.resolve();
    await turn();
    expect(modes()).toEqual(['incremental', 'full']);
    for (const joined of [full, fullAgain, change, ...duringFull]) expect(joined.value).toBe(calls[1]!.result);

    // Idle again: the next ask starts a sync of its own.
    const later = queue.now('incremental');
    expect(modes()).toEqual(['incremental', 'full', 'incremental']);
    calls[2]!.resolve();
    expect(await later).toBe(calls[2]!.result);
  });

  it('a change when idle starts an incremental sync at once', async () => {
    const { run, calls, modes } = handRun();
    const queue = createSyncQueue(run);
    const change = queue.afterChange();
    expect(modes()).toEqual(['incremental']);
    calls[0]!.resolve();
    expect(await change).toBe(calls[0]!.result);
  });

  it.each<SyncMode>(['incremental', 'full'])('20 changes during a %s sync: one follow-up incremental sync after it, and all 20 get its result', async (runningMode) => {
    const { run, calls, modes } = handRun();
    const queue = createSyncQueue(run);
    const running = watch(queue.now(runningMode));
    const changes = Array.from({ length: 20 }, () => watch(queue.afterChange()));
    await turn();
    expect(modes()).toEqual([runningMode]);
    calls[0]!.resolve();
    await turn();
    expect(running.value).toBe(calls[0]!.result);
    expect(modes()).toEqual([runningMode, 'incremental']);
    expect(changes.filter((c) => c.settled)).toEqual([]);
    // A change during the follow-up needs a sync that starts after it: a third one.
    const duringFollowUp = watch(queue.afterChange());
    calls[1]!.resolve();
    await turn();
    for (const change of changes) expect(change.value).toBe(calls[1]!.result);
    expect(modes()).toEqual([runningMode, 'incremental', 'incremental']);
    expect(duringFollowUp.settled).toBe(false);
    calls[2]!.resolve();
    await turn();
    expect(duringFollowUp.value).toBe(calls[2]!.result);
    expect(calls).toHaveLength(3);
  });

  it('a full ask during a sync with changes waiting makes the one follow-up full, for the changes too', async () => {
    const { run, calls, modes } = handRun();
    const queue = createSyncQueue(run);
    void queue.now('incremental');
    const changes = [watch(queue.afterChange()), watch(queue.afterChange())];
    const full = watch(queue.now('full'));
    calls[0]!.resolve();
    await turn();
    expect(modes()).toEqual(['incremental', 'full']);
    calls[1]!.resolve();
    await turn();
    for (const joined of [...changes, full]) expect(joined.value).toBe(calls[1]!.result);
  });

  it('a failed sync rejects everyone who joined it; the queue goes on with the next ask', async () => {
    const { run, calls, modes } = handRun();
    const queue = createSyncQueue(run);
    const joined = [watch(queue.now('incremental')), watch(queue.now('incremental'))];
    const changes = [watch(queue.afterChange()), watch(queue.afterChange())];
    const failure = new Error('CRM answered 503');
    calls[0]!.reject(failure);
    await turn();
    for (const j of joined) expect(j).toEqual({ settled: true, error: failure });
    // The follow-up still runs after a failed sync: the changes are not lost.
    expect(modes()).toEqual(['incremental', 'incremental']);
    const followUpFailure = new Error('CRM answered 502');
    calls[1]!.reject(followUpFailure);
    await turn();
    for (const c of changes) expect(c).toEqual({ settled: true, error: followUpFailure });

    const next = queue.now('full');
    expect(modes()).toEqual(['incremental', 'incremental', 'full']);
    calls[2]!.resolve();
    expect(await next).toBe(calls[2]!.result);
  });
});

/** The fixture CRM whose every full read waits until the test opens it; `reads[n].started` resolves when read n began. */
function gatedCrm() {
  const inner = fixtureConnector(BOT_SNAPSHOT);
  const reads: { open(): void; started: Promise<void>; begin(): void; gate: Promise<void> }[] = [];
  const read = (n: number) => {
    while (reads.length <= n) {
      let open!: () => void;
      let begin!: () => void;
      const gate = new Promise<void>((resolve) => (open = resolve));
      const started = new Promise<void>((resolve) => (begin = resolve));
      reads.push({ open, begin, gate, started });
    }
    return reads[n]!;
  };
  let count = 0;
  const connector: LiveConnector = {
    ...inner,
    async *fetchFull() {
      const mine = read(count++);
      mine.begin();
      await mine.gate;
      yield* inner.fetchFull();
    },
  };
  return { connector, read, reads: () => count };
}

// A short timeout: a broken queue shows as a read of the CRM that never starts.
describe('the app’s syncs', { timeout: 15_000 }, () => {
  let stop: (() => Promise<void>) | null = null;
  afterEach(async () => {
    await stop?.();
    stop = null;
  });

  async function app(env: Record<string, string> = {}) {
    const dir = mkdtempSync(join(tmpdir(), 'crm-qc-queue-'));
    const config = parseConfig({ DATABASE_PATH: join(dir, 'db.sqlite'), OUT_DIR: join(dir, 'out'), LOG_LEVEL: 'silent', ...env });
    const handle = openDatabase(config.DATABASE_PATH);
    const clock = new FixedClock(new Date(NOW));
    const ctx = { config, handle, clock, logger: createLogger('silent') };
    prepareAccount(ctx);
    const crm = gatedCrm();
    const started: App = await startApp(ctx, crm.connector, { schedule: false });
    const others: DatabaseHandle[] = [];
    stop = async () => {
      await started.stop();
      for (const other of others) other.close();
      handle.close();
      rmSync(dir, { recursive: true, force: true });
    };
    const runs = () => handle.sqlite.prepare('SELECT id, mode, status, error FROM sync_runs ORDER BY id').all() as { id: number; mode: string; status: string; error: string | null }[];
    const otherConnection = () => {
      const other = openDatabase(config.DATABASE_PATH);
      others.push(other);
      return other;
    };
    return { app: started, crm, clock, runs, logger: ctx.logger, otherConnection };
  }

  it('syncNow() three times at once is one sync: one sync_runs row, one result for all', async () => {
    const { app: bot, crm, runs } = await app();
    const asks = [bot.syncNow(), bot.syncNow(), bot.syncNow('incremental')];
    await crm.read(0).started;
    expect(runs().map((r) => r.status)).toEqual(['running']);
    crm.read(0).open();
    const outcomes = await Promise.all(asks);
    expect(outcomes[1]).toBe(outcomes[0]);
    expect(outcomes[2]).toBe(outcomes[0]);
    expect(runs()).toEqual([{ id: outcomes[0]!.run.id, mode: 'full', status: 'ok', error: null }]);
    expect(crm.reads()).toBe(1);
  });

  it('syncAfterChange() ten times during a sync: one more sync after it, whose outcome all ten get', async () => {
    const { app: bot, crm, runs } = await app();
    const first = bot.syncNow();
    await crm.read(0).started;
    const changes = Array.from({ length: 10 }, () => bot.syncAfterChange());
    crm.read(0).open();
    await first;
    await crm.read(1).started;
    expect(runs().map((r) => r.status)).toEqual(['ok', 'running']);
    crm.read(1).open();
    const outcomes = await Promise.all(changes);
    for (const outcome of outcomes) expect(outcome).toBe(outcomes[0]);
    const rows = runs();
    expect(rows).toHaveLength(2);
    expect(rows.map((r) => [r.status, r.error])).toEqual([
      ['ok', null],
      ['ok', null],
    ]);
    expect(outcomes[0]!.run.id).toBe(rows[1]!.id);
    expect(crm.reads()).toBe(2);
  });

  it('a sync another process holds: syncNow() fails with SyncBusyError after SYNC_LEASE_WAIT_SECONDS=0, and works once it ends', async () => {
    const { app: bot, crm, clock, runs, logger, otherConnection } = await app({ SYNC_LEASE_WAIT_SECONDS: '0' });
    const held = await acquireSyncLease(otherConnection(), { accountId: 'main', clock, logger, waitMs: 0, timezone: 'Europe/Moscow' });
    const error = await bot.syncNow().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SyncBusyError);
    expect((error as Error).message).toBe(`a sync of this account is already running since 2026-11-23 10:00 (pid ${process.pid}); try again when it ends`);
    expect(runs()).toEqual([]);
    held.release();
    crm.read(0).open();
    await expect(bot.syncNow()).resolves.toMatchObject({ run: { status: 'ok', error: null } });
    expect(runs().map((r) => r.status)).toEqual(['ok']);
  });
});
