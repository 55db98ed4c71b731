import { existsSync, readFileSync } from 'node:fs';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureAccount } from '../../src/db/accounts';
import { openDatabase, type DatabaseHandle } from '../../src/db/client';
import { outbox, pings, syncRuns } from '../../src/db/schema';
import { acquireSyncLease } from '../../src/sync/lease';
import { DAY, HOUR, MINUTE } from '../../src/time';
import { cliHarness } from '../support/cli-harness';

/**
 * `cli purge` and `cli prune` in-process on a real SQLite file. Which tables
 * hold an account's rows is read here from the database's own schema, not
 * from the code under test: a table added later is filled and checked too.
 */

// Monday 09:00 UTC, 12:00 in Moscow.
const NOW = '2026-11-23T09:00:00Z';
const MARK = { main: 'ERASE-ME-ROMASHKA', other: 'KEEP-ME-VASILEK' } as const;

type Sqlite = DatabaseHandle['sqlite'];

/** Every table with an account_id column, read from the schema. */
function accountTables(sqlite: Sqlite): string[] {
  const rows = sqlite
    .prepare(`SELECT m.name FROM sqlite_master m JOIN pragma_table_info(m.name) c WHERE m.type = 'table' AND c.name = 'account_id' ORDER BY m.name`)
    .all() as { name: string }[];
  return rows.map((r) => r.name);
}

interface ForeignKey {
  table: string;
  from: string;
  to: string | null;
}

function foreignKeys(sqlite: Sqlite, table: string): ForeignKey[] {
  return sqlite.prepare('SELECT "table", "from", "to" FROM pragma_foreign_key_list(?)').all(table) as ForeignKey[];
}

/** Tables without account_id whose rows hang off an account-scoped row (outbox_files). */
function childTables(sqlite: Sqlite): { table: string; key: ForeignKey }[] {
  const scoped = new Set(accountTables(sqlite));
  const all = (sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).all() as { name: string }[]).map((r) => r.name);
  return all.filter((t) => !scoped.has(t)).flatMap((table) => foreignKeys(sqlite, table).filter((k) => scoped.has(k.table)).map((key) => ({ table, key })));
}

/** The account's rows per table (children counted through their parent), and the accounts row. */
function accountRowCounts(sqlite: Sqlite, accountId: string): Record<string, number> {
  const count = (sql: string) => (sqlite.prepare(sql).get(accountId) as { n: number }).n;
  return {
    ...Object.fromEntries(accountTables(sqlite).map((t) => [t, count(`SELECT count(*) AS n FROM "${t}" WHERE account_id = ?`)])),
    ...Object.fromEntries(
      childTables(sqlite).map(({ table, key }) => [table, count(`SELECT count(*) AS n FROM "${table}" WHERE "${key.from}" IN (SELECT "${key.to ?? 'rowid'}" FROM "${key.table}" WHERE account_id = ?)`)]),
    ),
    accounts: count('SELECT count(*) AS n FROM accounts WHERE id = ?'),
  };
}

// Far above the ids the demo sync used, so integer keys do not collide.
let serial = 1_000_000_000;
/**
 * One row in every account-scoped table for the account, and one in each
 * child table hanging off it, whatever the columns: text columns carry the
 * account's mark, so the file can be searched for it afterwards. SQLite
 * checks types and enums no further than the schema says (none are CHECKed).
 */
function fillEveryTable(sqlite: Sqlite, accountId: keyof typeof MARK): void {
  const insert = (table: string, fixed: Record<string, unknown>) => {
    const columns = sqlite.prepare('SELECT name, type FROM pragma_table_info(?)').all(table) as { name: string; type: string }[];
    const values = columns.map(({ name, type }) => {
      if (name in fixed) return fixed[name];
      serial += 1;
      if (/INT/i.test(type)) return serial;
      if (/REAL/i.test(type)) return serial + 0.5;
      if (/BLOB/i.test(type)) return Buffer.from(`${MARK[accountId]}-${serial}`);
      return `${MARK[accountId]}-${serial}`;
    });
    sqlite.prepare(`INSERT INTO "${table}" (${columns.map((c) => `"${c.name}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`).run(...values);
  };
  const scoped = accountTables(sqlite);
  // A table that refers to another account-scoped table (ping_steps → pings) goes after it, pointing at its row of the same account.
  const parentsOf = (table: string) => foreignKeys(sqlite, table).filter((k) => k.table !== table && scoped.includes(k.table));
  const parentRow = (key: ForeignKey) => (sqlite.prepare(`SELECT "${key.to ?? 'rowid'}" AS id FROM "${key.table}" WHERE account_id = ? LIMIT 1`).get(accountId) as { id: unknown }).id;
  for (const table of [...scoped].sort((a, b) => parentsOf(a).length - parentsOf(b).length)) {
    insert(table, { account_id: accountId, ...Object.fromEntries(parentsOf(table).map((key) => [key.from, parentRow(key)])) });
  }
  for (const { table, key } of childTables(sqlite)) {
    const parent = sqlite.prepare(`SELECT "${key.to ?? 'rowid'}" AS id FROM "${key.table}" WHERE account_id = ? LIMIT 1`).get(accountId) as { id: unknown };
    insert(table, { [key.from]: parent.id });
  }
}

/** Whether the database file (or its -wal) still holds the text anywhere, live or in free pages. */
function fileHolds(path: string, text: string): boolean {
  return [path, `${path}-wal`].some((file) => existsSync(file) && readFileSync(file).includes(Buffer.from(text)));
}

describe('purge', () => {
  const cli = cliHarness(NOW, { SYNC_LEASE_WAIT_SECONDS: '0' });
  const path = cli.env.DATABASE_PATH!;
  let before: { main: Record<string, number>; other: Record<string, number> };
  /** Demo deal names: the snapshot the sync wrote. */
  let dealNames: string[];

  const withDatabase = <T>(use: (handle: DatabaseHandle) => T): T => {
    const handle = openDatabase(path);
    try {
      return use(handle);
    } finally {
      handle.close();
    }
  };
  const counts = () => withDatabase(({ sqlite }) => ({ main: accountRowCounts(sqlite, 'main'), other: accountRowCounts(sqlite, 'other') }));

  beforeAll(async () => {
    expect(await cli.run('sync')).toMatchObject({ code: 0, stderr: '' });
    dealNames = withDatabase(({ db, sqlite }) => {
      ensureAccount(db, { id: 'other', name: 'Other', crm: 'demo' }, 0);
      fillEveryTable(sqlite, 'main');
      fillEveryTable(sqlite, 'other');
      return (sqlite.prepare(`SELECT name FROM deals WHERE account_id = 'main' ORDER BY id LIMIT 3`).all() as { name: string }[]).map((d) => d.name);
    });
    before = counts();
  });
  afterAll(() => cli.dispose());

  it('every account-scoped table, and each child table, holds rows of both accounts before', () => {
    const tables = withDatabase(({ sqlite }) => [...accountTables(sqlite), ...childTables(sqlite).map((c) => c.table)]);
    expect(tables).toEqual(expect.arrayContaining(['deals', 'tasks', 'outbox', 'outbox_files', 'pings', 'sync_runs', 'audit_log', 'crm_tokens']));
    for (const table of tables) {
      expect(before.main[table], table).toBeGreaterThan(0);
      expect(before.other[table], table).toBeGreaterThan(0);
    }
    expect(fileHolds(path, MARK.main)).toBe(true);
  });

  it('without --yes refuses with exit code 2, says what it would erase, and erases nothing', async () => {
    const { code, stdout, stderr } = await cli.run('purge');
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr).toContain(`purge would erase everything the database holds for account "main" in ${path}, for good:`);
    expect(stderr).toMatch(new RegExp(`\\n  deals +${before.main.deals}\\n`));
    expect(stderr).toContain('Add --yes to erase it.');
    expect(stderr).toContain('Usage: npm run -s cli -- purge --yes');
    expect(counts()).toEqual(before);
  });

  it('while another process holds the sync lease, fails naming it (SYNC_LEASE_WAIT_SECONDS=0) and erases nothing', async () => {
    const other = openDatabase(path);
    try {
      const lease = await acquireSyncLease(other, { accountId: 'main', clock: cli.clock, logger: pino({ level: 'silent' }), waitMs: 0, timezone: 'Europe/Moscow' });
      try {
        const { code, stdout, stderr } = await cli.run('purge', '--yes');
        expect({ code, stdout }).toEqual({ code: 1, stdout: '' });
        expect(stderr).toBe(`purge: a sync of this account is already running since 2026-11-23 12:00 (pid ${process.pid}); try again when it ends\n`);
      } finally {
        lease.release();
      }
    } finally {
      other.close();
    }
    // The filled lease row was a dead holder's (long expired): the test's lease took it over and went with its release.
    before.main.sync_leases = 0;
    expect(counts()).toEqual(before);
  });

  it('with --yes erases every row of the account in every table, prints the counts, and leaves the other account whole', async () => {
    // Another connection stays open (say, an sqlite3 shell): the -wal file then outlives the command, so it must be emptied.
    const watcher = openDatabase(path);
    try {
      const { code, stdout, stderr } = await cli.run('purge', '--yes');
      expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
      const printed = Object.fromEntries([...stdout.matchAll(/^ {2}(\w+) +(\d+)$/gm)].map(([, table, n]) => [table, Number(n)]));
      // What it says it erased is what was there: every table, children and the account row included.
      expect(printed).toEqual({ ...before.main, total: Object.values(before.main).reduce((a, b) => a + b, 0) });
      expect(stdout).toMatch(/^Erased account "main" in .*:\n/);
      expect(stdout).toContain('The database file was rebuilt (VACUUM): the erased rows are gone from it.');

      // Nothing of the account is left in the file or its -wal, live or in free space: not its marks, not the demo's deal names.
      expect(dealNames).toHaveLength(3);
      for (const text of [MARK.main, ...dealNames]) expect(fileHolds(path, text), text).toBe(false);
      expect(fileHolds(path, MARK.other)).toBe(true);
    } finally {
      watcher.close();
    }
    const after = counts();
    expect(Object.entries(after.main).filter(([, n]) => n > 0)).toEqual([]);
    expect(after.other).toEqual(before.other);
  });
});

describe('prune', () => {
  const cli = cliHarness(NOW, { RETENTION_DAYS: '30' });
  afterAll(() => cli.dispose());

  it('deletes now what is older than RETENTION_DAYS and prints the counts', async () => {
    expect((await cli.run('prune')).code).toBe(0); // creates the database and the account
    const now = Date.parse(NOW);
    const cutoff = now - 30 * DAY;
    const handle = openDatabase(cli.env.DATABASE_PATH!);
    try {
      const { db } = handle;
      const sent = (key: string, createdAt: number, status: 'sent' | 'pending' = 'sent') =>
        db.insert(outbox).values({ accountId: 'main', dedupeKey: key, chatId: '1', kind: 'text', payload: { html: 'x' }, status, notBefore: createdAt, createdAt, sentAt: status === 'sent' ? createdAt : null }).returning().get().id;
      sent('old', cutoff - 1);
      sent('new', cutoff);
      sent('waiting', cutoff - DAY, 'pending');
      const facts = { task: 't', manager: 'm', dealName: null, dealUrl: null, stage: null, pipeline: null, amount: null };
      db.insert(pings).values({ accountId: 'main', taskId: '1', dueAt: 0, detectedAt: 0, facts, outcome: 'done', closedAt: cutoff - HOUR }).run();
      for (const startedAt of [cutoff - 2 * DAY, cutoff - DAY, now - MINUTE]) db.insert(syncRuns).values({ accountId: 'main', mode: 'full', status: 'ok', startedAt, finishedAt: startedAt }).run();
    } finally {
      handle.close();
    }
    const { code, stdout, stderr } = await cli.run('prune');
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toBe(
      [
        'Pruned 4 rows from before 2026-10-24 12:00 (Europe/Moscow; RETENTION_DAYS=30):',
        '  outbox        1',
        '  outbox_files  0',
        '  pings         1',
        '  snoozes       0',
        '  sync_runs     2',
        '  total         4',
        '',
      ].join('\n'),
    );
  });

  it('takes no arguments', async () => {
    const { code, stderr } = await cli.run('prune', '--all');
    expect(code).toBe(2);
    expect(stderr).toContain('Usage: npm run -s cli -- prune');
  });
});

