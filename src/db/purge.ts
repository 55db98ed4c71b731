import type Database from 'better-sqlite3';
import type { DatabaseHandle } from './client';

/** Rows per table, by the tables' SQL names. */
export type TableCounts = Record<string, number>;

/** One table holding an account's rows, and how to find them. */
interface AccountRows {
  table: string;
  /** A WHERE clause selecting the account's rows, with the account id as its one parameter. */
  where: string;
}

/**
 * Where an account's rows are, read from the database's own schema rather
 * than listed by hand, so a table added later cannot be forgotten by an
 * erasure: every table with an `account_id` column, the tables whose rows
 * hang off one of those (or off `accounts`) by a foreign key — outbox_files
 * today — and the `accounts` row itself. Ordered so that a row goes before
 * the rows it refers to: the foreign keys' cascades would delete the
 * dependants anyway, but then they would not be counted.
 *
 * conversation_state is not here: it is keyed by Telegram chat and user, not
 * by account (a /setnorm in progress), and expires on its own.
 */
function accountRows(sqlite: Database.Database): AccountRows[] {
  const tables = (sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name`).all() as { name: string }[]).map((t) => t.name);
  const columns = (table: string) => (sqlite.prepare('SELECT name FROM pragma_table_info(?)').all(table) as { name: string }[]).map((c) => c.name);
  const scoped = tables.filter((t) => columns(t).includes('account_id'));
  const owners = new Map<string, string>([...scoped.map((t): [string, string] => [t, `${q('account_id')} = ?`]), ['accounts', `${q('id')} = ?`]]);

  // Rows of other tables that point at an account's rows: one level deep, which is all the schema has.
  const dependants: AccountRows[] = [];
  for (const table of tables.filter((t) => !owners.has(t))) {
    const keys = sqlite.prepare('SELECT "table" AS parent, "from" AS col, "to" AS target, seq FROM pragma_foreign_key_list(?)').all(table) as { parent: string; col: string; target: string | null; seq: number }[];
    for (const key of keys) {
      const owner = owners.get(key.parent);
      if (owner === undefined) continue;
      // A multi-column key cannot be matched column by column; none exists, so say so loudly if one appears.
      if (keys.some((k) => k.parent === key.parent && k.seq > 0)) throw new Error(`purge: ${table} refers to ${key.parent} by a multi-column key; erasing it is not supported`);
      // A key naming no column refers to the parent's primary key: rowid for the tables here.
      dependants.push({ table, where: `${q(key.col)} IN (SELECT ${q(key.target ?? 'rowid')} FROM ${q(key.parent)} WHERE ${owner})` });
    }
  }
  return [...dependants, ...referrersFirst(sqlite, scoped).map((table) => ({ table, where: owners.get(table)! })), { table: 'accounts', where: owners.get('accounts')! }];
}

/** The account-scoped tables ordered so that none comes after a table it refers to. */
function referrersFirst(sqlite: Database.Database, tables: string[]): string[] {
  const refersTo = new Map(tables.map((t) => [t, new Set((sqlite.prepare('SELECT "table" AS parent FROM pragma_foreign_key_list(?)').all(t) as { parent: string }[]).map((k) => k.parent).filter((p) => p !== t && tables.includes(p)))]));
  const ordered: string[] = [];
  const pending = new Set(tables);
  while (pending.size > 0) {
    // A table no remaining table refers to goes next; a cycle (none exists) falls back to name order.
    const next = [...pending].find((t) => ![...pending].some((other) => refersTo.get(other)!.has(t))) ?? [...pending][0]!;
    ordered.push(next);
    pending.delete(next);
  }
  return ordered;
}

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** How many rows each table holds for the account: what eraseAccount would delete. */
export function countAccountRows(handle: DatabaseHandle, accountId: string): TableCounts {
  return Object.fromEntries(
    accountRows(handle.sqlite).map(({ table, where }) => [table, (handle.sqlite.prepare(`SELECT count(*) AS n FROM ${q(table)} WHERE ${where}`).get(accountId) as { n: number }).n]),
  );
}

/**
 * Deletes every row the database holds for the account, the `accounts` row
 * included, in one IMMEDIATE transaction (a savepoint, when called inside
 * the caller's): all of it goes, or (on any error) none of it. Returns the
 * rows deleted per table.
 */
export function eraseAccount(handle: DatabaseHandle, accountId: string): TableCounts {
  const { sqlite } = handle;
  return sqlite
    .transaction((): TableCounts => {
      const erased: TableCounts = {};
      for (const { table, where } of accountRows(sqlite)) erased[table] = (erased[table] ?? 0) + sqlite.prepare(`DELETE FROM ${q(table)} WHERE ${where}`).run(accountId).changes;
      return erased;
    })
    .immediate();
}

/**
 * Rebuilds the database file from the rows it still holds, so deleted rows
 * are gone from the file and not merely marked free.
 *
 * VACUUM rather than `PRAGMA secure_delete`: secure_delete zeroes only what is
 * deleted on a connection that had it on, so it cannot reach the free pages
 * earlier deletions left behind (every full sync's swap and every prune frees
 * pages still holding the account's old deal names and messages); VACUUM
 * writes a new file from the live rows alone, and shrinks it. In WAL mode the
 * copies pass through the -wal file, so it is checkpointed and truncated
 * after. Returns false when a reader in another process kept the WAL from
 * being truncated (it is reused and overwritten, not shrunk, until then).
 */
export function compactDatabase(handle: DatabaseHandle): { walTruncated: boolean } {
  handle.sqlite.exec('VACUUM');
  const [result] = handle.sqlite.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
  return { walTruncated: (result?.busy ?? 0) === 0 };
}
