import { afterEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { FixedClock } from '../src/clock';
import type { CrmConnector } from '../src/crm/connector';
import type { SnapshotChunk } from '../src/crm/model';
import { ensureAccount } from '../src/db/accounts';
import { loadSnapshot } from '../src/db/snapshot-reader';
import { lastSuccessfulSync, runFullSync, SyncError } from '../src/sync/run-sync';
import { BASE, at, deal, task } from './support/fixture';
import { tempDatabase } from './support/temp-db';

const logger = pino({ level: 'silent' });
const clock = new FixedClock(new Date('2026-11-23T09:00:00Z'));
let db: ReturnType<typeof tempDatabase>;
afterEach(() => db?.dispose());

/** A connector of the test's own: it streams the given pages, optionally failing after some. */
function connectorOf(pages: SnapshotChunk[], failAfter = Infinity): CrmConnector {
  return {
    kind: 'demo',
    dealUrl: (id) => `https://crm.example/deals/${id}`,
    async *fetchFull() {
      for (const [i, page] of pages.entries()) {
        if (i >= failAfter) throw new Error('CRM answered 503 on page 3');
        yield page;
      }
    },
  };
}

const created = at('2026-11-20T08:00:00Z');
const firstSnapshot: SnapshotChunk[] = [
  { entity: 'users', rows: BASE.users },
  { entity: 'userGroups', rows: BASE.userGroups },
  { entity: 'pipelines', rows: BASE.pipelines },
  { entity: 'stages', rows: BASE.stages },
  { entity: 'deals', rows: [deal({ id: 'd1', createdAt: created }), deal({ id: 'd2', createdAt: created, price: 99.5 })] },
  { entity: 'tasks', rows: [task({ id: 't1', createdAt: created, dueAt: created + 1000, completed: true, completedAt: created + 500 })] },
];

describe('database', () => {
  it('applies the migrations to a fresh file, with WAL and foreign keys on', () => {
    db = tempDatabase();
    const tables = db.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['accounts', 'deals', 'findings', 'norms', 'stage_changes', 'sync_runs', 'tasks', 'users']));
    expect(db.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('round-trips the neutral model exactly (types, nulls, booleans)', async () => {
    db = tempDatabase();
    await runFullSync({ handle: db, accountId: 'main', connector: connectorOf(firstSnapshot), clock, logger });
    const snapshot = loadSnapshot(db, 'main');
    expect(snapshot.deals).toEqual(firstSnapshot[4]!.rows);
    expect(snapshot.tasks).toEqual(firstSnapshot[5]!.rows);
    expect(snapshot.users).toEqual(BASE.users);
  });
});

describe('a full sync', () => {
  it('records a successful run with its counts', async () => {
    db = tempDatabase();
    const run = await runFullSync({ handle: db, accountId: 'main', connector: connectorOf(firstSnapshot), clock, logger });
    expect(run).toMatchObject({ status: 'ok', mode: 'full', error: null, counts: expect.objectContaining({ deals: 2, tasks: 1, users: 3 }) });
    expect(lastSuccessfulSync(db, 'main')?.id).toBe(run.id);
  });

  it('that fails half-way leaves the previous snapshot intact and records the reason', async () => {
    db = tempDatabase();
    await runFullSync({ handle: db, accountId: 'main', connector: connectorOf(firstSnapshot), clock, logger });
    const before = loadSnapshot(db, 'main');

    const replacement: SnapshotChunk[] = [
      { entity: 'users', rows: [] },
      { entity: 'deals', rows: [deal({ id: 'd3', createdAt: created })] },
      { entity: 'tasks', rows: [] },
      { entity: 'stages', rows: [] },
    ];
    const failing = runFullSync({ handle: db, accountId: 'main', connector: connectorOf(replacement, 2), clock, logger });
    await expect(failing).rejects.toThrow(SyncError);
    await expect(failing).rejects.toThrow(/503 on page 3/);

    expect(loadSnapshot(db, 'main')).toEqual(before);
    const runs = db.sqlite.prepare('SELECT status, error FROM sync_runs ORDER BY id').all();
    expect(runs).toEqual([
      { status: 'ok', error: null },
      { status: 'failed', error: 'CRM answered 503 on page 3' },
    ]);
  });

  it('replaces the snapshot as a whole: deals gone from the CRM are gone', async () => {
    db = tempDatabase();
    await runFullSync({ handle: db, accountId: 'main', connector: connectorOf(firstSnapshot), clock, logger });
    const next = firstSnapshot.map((page) => (page.entity === 'deals' ? { entity: 'deals' as const, rows: [page.rows[0]!] } : page));
    await runFullSync({ handle: db, accountId: 'main', connector: connectorOf(next), clock, logger });
    expect(loadSnapshot(db, 'main').deals.map((d) => d.id)).toEqual(['d1']);
  });

  it('of a row the CRM paged twice keeps the later copy, across pages and within one', async () => {
    db = tempDatabase();
    const pages: SnapshotChunk[] = [
      ...firstSnapshot.filter((page) => page.entity !== 'deals'),
      { entity: 'deals', rows: [deal({ id: 'd9', createdAt: created, price: 1 }), deal({ id: 'd1', createdAt: created, price: 2 })] },
      { entity: 'deals', rows: [deal({ id: 'd1', createdAt: created, price: 3 }), deal({ id: 'd1', createdAt: created, price: 4 })] },
    ];
    await runFullSync({ handle: db, accountId: 'main', connector: connectorOf(pages), clock, logger });
    expect(loadSnapshot(db, 'main').deals.map((d) => [d.id, d.price])).toEqual([
      ['d1', 4],
      ['d9', 1],
    ]);
  });

  it("keeps every index and the other accounts' rows, whether the account fills the table or not", async () => {
    db = tempDatabase();
    const indexes = () => db.sqlite.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name").all();
    const before = indexes();
    ensureAccount(db.db, { id: 'other', name: 'Other', crm: 'demo' }, 0);
    const manyTasks = (n: number): SnapshotChunk => ({
      entity: 'tasks',
      rows: Array.from({ length: n }, (_, i) => task({ id: `bulk${i}`, dealId: 'd1', createdAt: created, dueAt: created + i })),
    });
    // "other" alone in the table: its sync rebuilds the indexes; then "main", smaller, inserts into them.
    await runFullSync({ handle: db, accountId: 'other', connector: connectorOf([...firstSnapshot, manyTasks(30)]), clock, logger });
    await runFullSync({ handle: db, accountId: 'main', connector: connectorOf(firstSnapshot), clock, logger });
    // "main", now the larger, rebuilds them again, with "other"'s rows in them.
    await runFullSync({ handle: db, accountId: 'main', connector: connectorOf([...firstSnapshot, manyTasks(40)]), clock, logger });

    expect(indexes()).toEqual(before);
    expect(loadSnapshot(db, 'other').tasks).toHaveLength(31);
    expect(loadSnapshot(db, 'main').tasks).toHaveLength(41);
    const throughIndex = db.sqlite.prepare('SELECT count(*) FROM tasks INDEXED BY tasks_deal_times WHERE account_id = ? AND deal_id = ?').pluck();
    expect([throughIndex.get('other', 'd1'), throughIndex.get('main', 'd1')]).toEqual([31, 41]);
  });

  it('marks a run left "running" by a crash as failed when the next one starts', async () => {
    db = tempDatabase();
    db.sqlite.prepare("INSERT INTO sync_runs (account_id, mode, status, started_at) VALUES ('main', 'full', 'running', 1)").run();
    await runFullSync({ handle: db, accountId: 'main', connector: connectorOf(firstSnapshot), clock, logger });
    expect(db.sqlite.prepare('SELECT status FROM sync_runs WHERE id = 1').pluck().get()).toBe('failed');
  });
});
