import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FixedClock } from '../../src/clock';
import type { CrmConnector } from '../../src/crm/connector';
import { openDatabase, type DatabaseHandle } from '../../src/db/client';
import { acquireSyncLease, LEASE_TTL_MS, SyncBusyError, type LeaseHolder, type LeaseOptions } from '../../src/sync/lease';
import { runSync, type SyncRun } from '../../src/sync/run-sync';
import { BASE, at, deal, task } from '../support/fixture';
import { fixtureConnector } from '../support/fixture-connector';
import { tempDatabase } from '../support/temp-db';

// Monday 09:00 UTC = 12:00 in Moscow.
const NOW = '2026-11-23T09:00:00Z';
const logger = pino({ level: 'silent' });
const HOST = hostname();

let db: ReturnType<typeof tempDatabase>;
const others: DatabaseHandle[] = [];
afterEach(() => {
  vi.useRealTimers();
  for (const other of others.splice(0)) other.close();
  db?.dispose();
});

/** Another connection to the same file: what another process (the bot, a CLI sync) has. */
function secondConnection(): DatabaseHandle {
  const handle = openDatabase(db.path);
  others.push(handle);
  return handle;
}

function options(clock: FixedClock, extra: Partial<LeaseOptions> = {}): LeaseOptions {
  return { accountId: 'main', clock, logger, waitMs: 0, timezone: 'Europe/Moscow', ...extra };
}

function leaseRows(handle: DatabaseHandle = db): LeaseHolder[] {
  return handle.sqlite
    .prepare('SELECT account_id AS accountId, owner, host, pid, started_at AS startedAt, heartbeat_at AS heartbeatAt, expires_at AS expiresAt FROM sync_leases')
    .all() as LeaseHolder[];
}

function insertHolder(fields: Partial<LeaseHolder>): LeaseHolder {
  const holder: LeaseHolder = {
    accountId: 'main',
    owner: 'someone-else',
    host: HOST,
    pid: process.pid,
    startedAt: at('2026-11-23T08:30:00Z'),
    heartbeatAt: at('2026-11-23T08:59:00Z'),
    expiresAt: at('2026-11-23T09:01:00Z'),
    ...fields,
  };
  db.sqlite
    .prepare('INSERT INTO sync_leases (account_id, owner, host, pid, started_at, heartbeat_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .run(holder.accountId, holder.owner, holder.host, holder.pid, holder.startedAt, holder.heartbeatAt, holder.expiresAt);
  return holder;
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid of a process that existed and ended (reaped), or else a pid far above any in use. */
function deadPid(): number {
  const ended = spawnSync(process.execPath, ['-e', '']);
  if (ended.pid && !processExists(ended.pid)) return ended.pid;
  const far = 2 ** 22 + 12_345;
  if (processExists(far)) throw new Error(`pid ${far} exists; pick another dead pid`);
  return far;
}

/** Settles once pending microtasks and I/O callbacks ran: long enough for a promise that could settle now to have settled. */
const turn = () => new Promise((resolve) => setImmediate(resolve));

/** Whether a promise is still pending after a turn of the event loop. */
async function isPending(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  await turn();
  return !settled;
}

const SNAPSHOT = {
  ...BASE,
  deals: [deal({ id: 'd1', createdAt: at('2026-11-20T08:00:00Z') })],
  tasks: [task({ id: 't1', createdAt: at('2026-11-20T08:00:00Z'), dueAt: at('2026-11-24T08:00:00Z') })],
};

/** The fixture CRM whose full read waits until the test opens the gate; `entered` resolves when the read began. */
function gatedConnector() {
  const inner = fixtureConnector(SNAPSHOT);
  let open!: () => void;
  let entered!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const started = new Promise<void>((resolve) => (entered = resolve));
  const connector: CrmConnector = {
    ...inner,
    async *fetchFull() {
      entered();
      await gate;
      yield* inner.fetchFull();
    },
  };
  return { connector, open, started };
}

function syncRuns(handle: DatabaseHandle = db): SyncRun[] {
  return (
    handle.sqlite.prepare('SELECT id, account_id AS accountId, mode, status, started_at AS startedAt, finished_at AS finishedAt, counts, error FROM sync_runs ORDER BY id').all() as (Omit<
      SyncRun,
      'counts'
    > & { counts: string | null })[]
  ).map((row) => ({ ...row, counts: row.counts === null ? null : (JSON.parse(row.counts) as Record<string, number>) }));
}

describe('acquireSyncLease', () => {
  it('takes a free account: one row naming this host and process, for the TTL; release() removes it', async () => {
    db = tempDatabase();
    const clock = new FixedClock(new Date(NOW));
    const lease = await acquireSyncLease(db, options(clock));
    const now = clock.now().getTime();
    expect(leaseRows()).toEqual([{ accountId: 'main', owner: lease.owner, host: HOST, pid: process.pid, startedAt: now, heartbeatAt: now, expiresAt: now + LEASE_TTL_MS }]);
    expect(lease.owner).toMatch(new RegExp(`^${HOST.replace(/\W/g, '\\$&')}:${process.pid}:[0-9a-f]{8}$`));
    lease.release();
    expect(leaseRows()).toEqual([]);
  });

  it('leases are per account: a sync of another account does not wait', async () => {
    db = tempDatabase();
    db.sqlite.prepare("INSERT INTO accounts (id, name, crm, created_at) VALUES ('other', 'Other', 'demo', 0)").run();
    const clock = new FixedClock(new Date(NOW));
    const main = await acquireSyncLease(db, options(clock));
    const other = await acquireSyncLease(secondConnection(), options(clock, { accountId: 'other' }));
    expect(leaseRows().map((r) => [r.accountId, r.owner]).sort()).toEqual(
      [
        ['main', main.owner],
        ['other', other.owner],
      ].sort(),
    );
    main.release();
    other.release();
  });

  describe('a live holder is waited for, then named', () => {
    it.each([
      // holder's start, timezone, how the message shows it
      ['2026-11-23T08:30:00Z', 'Europe/Moscow', '2026-11-23 11:30'],
      ['2026-11-23T08:30:00Z', 'UTC', '2026-11-23 08:30'],
      ['2026-11-22T23:05:00Z', 'Asia/Tokyo', '2026-11-23 08:05'],
      ['2026-11-23T02:05:00Z', 'America/New_York', '2026-11-22 21:05'],
    ])('a holder row (this host, this live pid) started at %s, told in %s: "since %s"', async (startedAt, timezone, shown) => {
      db = tempDatabase();
      const clock = new FixedClock(new Date(NOW));
      const holder = insertHolder({ startedAt: at(startedAt) });
      const error = await acquireSyncLease(db, options(clock, { timezone })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SyncBusyError);
      expect((error as SyncBusyError).message).toBe(`a sync of this account is already running since ${shown} (pid ${process.pid}); try again when it ends`);
      expect((error as SyncBusyError).holder).toEqual(holder);
      expect((error as SyncBusyError).accountId).toBe('main');
      expect(leaseRows()).toEqual([holder]);
    });

    it('a real lease held through a second connection to the file (as another process would) refuses the next acquire', async () => {
      db = tempDatabase();
      const clock = new FixedClock(new Date(NOW));
      const held = await acquireSyncLease(secondConnection(), options(clock));
      const before = leaseRows();
      clock.advance(LEASE_TTL_MS - 1);
      const error = await acquireSyncLease(db, options(clock)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SyncBusyError);
      expect((error as Error).message).toBe(`a sync of this account is already running since 2026-11-23 12:00 (pid ${process.pid}); try again when it ends`);
      expect(leaseRows()).toEqual(before);
      expect(before[0]!.owner).toBe(held.owner);
      held.release();
      expect(leaseRows()).toEqual([]);
    });

    it('with waitMs, gives up after about that long, not at once and not never', async () => {
      db = tempDatabase();
      const clock = new FixedClock(new Date(NOW));
      const holder = insertHolder({});
      const started = performance.now();
      const waiting = acquireSyncLease(db, options(clock, { waitMs: 300 }));
      expect(await isPending(waiting)).toBe(true);
      await expect(waiting).rejects.toBeInstanceOf(SyncBusyError);
      expect(performance.now() - started).toBeGreaterThanOrEqual(300);
      expect(leaseRows()).toEqual([holder]);
    });

    it('with waitMs, takes the lease once the holder releases it', async () => {
      db = tempDatabase();
      const clock = new FixedClock(new Date(NOW));
      const held = await acquireSyncLease(secondConnection(), options(clock));
      const waiting = acquireSyncLease(db, options(clock, { waitMs: 5_000 }));
      // Its first attempt found the lease held: it is polling now.
      expect(await isPending(waiting)).toBe(true);
      expect(leaseRows().map((r) => r.owner)).toEqual([held.owner]);
      clock.advance(3_000);
      held.release();
      const lease = await waiting;
      const now = clock.now().getTime();
      expect(leaseRows()).toEqual([{ accountId: 'main', owner: lease.owner, host: HOST, pid: process.pid, startedAt: now, heartbeatAt: now, expiresAt: now + LEASE_TTL_MS }]);
      expect(lease.owner).not.toBe(held.owner);
      lease.release();
    });
  });

  describe('a dead holder is taken over; a live one is not', () => {
    const now = at(NOW);
    it.each<[string, boolean, () => Partial<LeaseHolder>]>([
      ['expired a minute ago, live pid here', true, () => ({ expiresAt: now - 60_000 })],
      ['expiring exactly now, live pid here', true, () => ({ expiresAt: now })],
      ['expired, on another host', true, () => ({ host: 'elsewhere', pid: 1, expiresAt: now - 1 })],
      ['unexpired, its pid here gone', true, () => ({ pid: deadPid() })],
      ['unexpired, a pid gone here but on another host', false, () => ({ host: 'elsewhere', pid: deadPid() })],
      ['unexpired by a millisecond, live pid here', false, () => ({ expiresAt: now + 1 })],
      ['unexpired, live pid here, heartbeat long ago', false, () => ({ heartbeatAt: now - 10 * LEASE_TTL_MS })],
    ])('a holder %s: taken over = %s', async (_, takenOver, fields) => {
      db = tempDatabase();
      const clock = new FixedClock(new Date(NOW));
      const holder = insertHolder(fields());
      const outcome = await acquireSyncLease(db, options(clock)).catch((e: unknown) => e);
      if (takenOver) {
        expect(outcome).not.toBeInstanceOf(Error);
        const lease = outcome as Awaited<ReturnType<typeof acquireSyncLease>>;
        expect(leaseRows()).toEqual([{ accountId: 'main', owner: lease.owner, host: HOST, pid: process.pid, startedAt: now, heartbeatAt: now, expiresAt: now + LEASE_TTL_MS }]);
        lease.release();
        expect(leaseRows()).toEqual([]);
      } else {
        expect(outcome).toBeInstanceOf(SyncBusyError);
        const where = holder.host === HOST ? `pid ${holder.pid}` : `pid ${holder.pid} on ${holder.host}`;
        expect((outcome as Error).message).toBe(`a sync of this account is already running since 2026-11-23 11:30 (${where}); try again when it ends`);
        expect(leaseRows()).toEqual([holder]);
      }
    });
  });

  it('a holder whose lease was taken over cannot release the new holder’s lease, and its heartbeat says it lost it', async () => {
    db = tempDatabase();
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const errors: string[] = [];
    const loud = pino({ level: 'error' }, new Writable({ write: (chunk: Buffer, _encoding, done) => (errors.push(chunk.toString()), done()) }));
    const clock = new FixedClock(new Date(NOW));
    const first = await acquireSyncLease(db, options(clock, { logger: loud }));

    // Its heartbeat renews it while the process runs.
    clock.advance(20_000);
    vi.advanceTimersByTime(20_000);
    expect(leaseRows()[0]).toMatchObject({ owner: first.owner, startedAt: at(NOW), heartbeatAt: at(NOW) + 20_000, expiresAt: at(NOW) + 20_000 + LEASE_TTL_MS });
    expect(errors).toEqual([]);

    // The process stalls past the TTL: another takes the lease over.
    clock.advance(LEASE_TTL_MS);
    const second = await acquireSyncLease(secondConnection(), options(clock));
    const taken = leaseRows();
    expect(taken.map((r) => r.owner)).toEqual([second.owner]);
    vi.advanceTimersByTime(20_000);
    expect(errors).toHaveLength(1);
    expect(JSON.parse(errors[0]!)).toMatchObject({ level: 50, account: 'main', msg: 'the sync lease was taken over by another sync while this one ran' });
    expect(leaseRows()).toEqual(taken);
    first.release();
    expect(leaseRows()).toEqual(taken);
    second.release();
    expect(leaseRows()).toEqual([]);
  });
});

describe('runSync under the lease', () => {
  const deps = (handle: DatabaseHandle, connector: CrmConnector, clock: FixedClock, leaseWaitMs: number) => ({
    handle,
    accountId: 'main',
    connector,
    clock,
    logger,
    leaseWaitMs,
    timezone: 'Europe/Moscow',
  });

  it.each([
    ['waits (leaseWaitMs 5000) and then runs too', 5_000],
    ['gives up at once (leaseWaitMs 0) with SyncBusyError', 0],
  ])('two syncs through two connections started at once: one runs, the other %s', async (_, leaseWaitMs) => {
    db = tempDatabase();
    const clock = new FixedClock(new Date(NOW));
    const first = gatedConnector();
    const second = gatedConnector();
    second.open();
    const a = runSync(deps(db, first.connector, clock, leaseWaitMs), 'full');
    const b = runSync(deps(secondConnection(), second.connector, clock, leaseWaitMs), 'full');
    await first.started;
    // The first holds the lease and its run is 'running'; the second has not started a run.
    expect(syncRuns().map((r) => r.status)).toEqual(['running']);
    expect(await isPending(b)).toBe(leaseWaitMs > 0);
    first.open();
    const [ra, rb] = await Promise.allSettled([a, b]);
    expect(ra).toMatchObject({ status: 'fulfilled', value: { status: 'ok', error: null } });
    const runs = syncRuns();
    if (leaseWaitMs > 0) {
      expect(rb).toMatchObject({ status: 'fulfilled', value: { status: 'ok', error: null } });
      expect(runs.map((r) => [r.status, r.error])).toEqual([
        ['ok', null],
        ['ok', null],
      ]);
    } else {
      expect(rb.status).toBe('rejected');
      const reason = (rb as PromiseRejectedResult).reason as Error;
      expect(reason).toBeInstanceOf(SyncBusyError);
      expect(reason.message).toBe(`a sync of this account is already running since 2026-11-23 12:00 (pid ${process.pid}); try again when it ends`);
      expect(runs.map((r) => [r.status, r.error])).toEqual([['ok', null]]);
    }
    for (const run of runs) expect(run.counts).toMatchObject({ deals: 1, tasks: 1, users: 3 });
    expect(JSON.stringify([ra, rb, runs])).not.toMatch(/interrupted|database is locked/);
    expect(leaseRows()).toEqual([]);
  });

  it('a run left "running" by a dead holder is marked interrupted by the next sync, which ends ok with no error', async () => {
    db = tempDatabase();
    const clock = new FixedClock(new Date(NOW));
    db.sqlite.prepare("INSERT INTO sync_runs (account_id, mode, status, started_at) VALUES ('main', 'full', 'running', ?)").run(at('2026-11-23T08:30:00Z'));
    insertHolder({ pid: deadPid() });
    const run = await runSync(deps(db, fixtureConnector(SNAPSHOT), clock, 0), 'full');
    expect(run).toMatchObject({ status: 'ok', error: null, startedAt: at(NOW), finishedAt: at(NOW) });
    expect(syncRuns().map((r) => [r.status, r.error, r.finishedAt])).toEqual([
      ['failed', 'interrupted (the process stopped during the sync)', at(NOW)],
      ['ok', null, at(NOW)],
    ]);
    expect(leaseRows()).toEqual([]);
  });

  it('a run "running" under a live holder stays running when another sync gives up waiting', async () => {
    db = tempDatabase();
    const clock = new FixedClock(new Date(NOW));
    db.sqlite.prepare("INSERT INTO sync_runs (account_id, mode, status, started_at) VALUES ('main', 'full', 'running', ?)").run(at('2026-11-23T08:30:00Z'));
    const holder = insertHolder({});
    await expect(runSync(deps(db, fixtureConnector(SNAPSHOT), clock, 0), 'full')).rejects.toBeInstanceOf(SyncBusyError);
    expect(syncRuns().map((r) => [r.status, r.error])).toEqual([['running', null]]);
    expect(leaseRows()).toEqual([holder]);
  });

  it('a failed sync releases the lease too: the next one runs at once', async () => {
    db = tempDatabase();
    const clock = new FixedClock(new Date(NOW));
    const broken: CrmConnector = {
      ...fixtureConnector(SNAPSHOT),
      async *fetchFull() {
        throw new Error('CRM answered 503');
      },
    };
    await expect(runSync(deps(db, broken, clock, 0), 'full')).rejects.toThrow('CRM answered 503');
    expect(leaseRows()).toEqual([]);
    await expect(runSync(deps(db, fixtureConnector(SNAPSHOT), clock, 0), 'full')).resolves.toMatchObject({ status: 'ok', error: null });
    expect(syncRuns().map((r) => [r.status, r.error])).toEqual([
      ['failed', 'CRM answered 503'],
      ['ok', null],
    ]);
  });
});
