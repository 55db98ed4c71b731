import type { Database, Statement } from 'better-sqlite3';
import { getTableColumns, getTableName, type Column } from 'drizzle-orm';
import type { EntityName, Snapshot, SnapshotEntities } from '../crm/model';
import { SNAPSHOT_TABLES } from './snapshot-tables';

/**
 * Bulk reads and writes of snapshot rows through prepared statements, for
 * the hot paths that move a whole account (a full sync's swap, the snapshot
 * read by findings and reports). Drizzle builds a query object per call and
 * maps each row through it: ten times slower at a million rows. Column names
 * and value conversions (booleans as 0/1, lists as JSON) still come from the drizzle schema,
 * so the two can never disagree.
 */

interface Codec {
  keys: string[];
  /** The column list after `INSERT … INTO <table>`. */
  insertColumns: string;
  /** One row's placeholders, `(?, ?, …)`, in `insertColumns` order. */
  rowPlaceholders: string;
  /** The quoted column list a read selects, in `keys` order. */
  selectColumns: string;
  table: string;
  toDriver: ((value: unknown) => unknown)[];
  /** A raw row (values in `keys` order) to a row of the neutral model. */
  decode: (values: unknown[]) => unknown;
}

const codecs = new Map<EntityName, Codec>();

function codecOf(entity: EntityName): Codec {
  let codec = codecs.get(entity);
  if (codec) return codec;
  const table = SNAPSHOT_TABLES[entity];
  const name = getTableName(table);
  const columns = Object.entries(getTableColumns(table) as Record<string, Column>).filter(([key]) => key !== 'accountId');
  const quoted = columns.map(([, c]) => `"${c.name}"`);
  // Booleans (0/1) and JSON lists (a deal's contacts) go through drizzle's own mapping; the rest as they are.
  const mapped = new Set(['SQLiteBoolean', 'SQLiteTextJson']);
  const convert = (map: (c: Column, v: unknown) => unknown, c: Column) =>
    mapped.has(c.columnType) ? (v: unknown) => (v === null || v === undefined ? null : map(c, v)) : (v: unknown) => v ?? null;
  codec = {
    keys: columns.map(([key]) => key),
    insertColumns: `("account_id", ${quoted.join(', ')})`,
    rowPlaceholders: `(?, ${quoted.map(() => '?').join(', ')})`,
    selectColumns: quoted.join(', '),
    table: `"${name}"`,
    toDriver: columns.map(([, c]) => convert((col, v) => col.mapToDriverValue(v), c)),
    decode: rowDecoder(
      columns.map(([key]) => key),
      columns.map(([, c]) => convert((col, v) => col.mapFromDriverValue(v), c)),
    ),
  };
  codecs.set(entity, codec);
  return codec;
}

/**
 * A decoder that builds each row as one object literal with the keys spelled
 * out, generated once per entity from the schema's keys: every row then shares
 * one compact shape, where keys assigned one by one to `{}` spill into a
 * second allocation (half as much memory again over a million rows).
 */
function rowDecoder(keys: readonly string[], fromDriver: readonly ((value: unknown) => unknown)[]): (values: unknown[]) => unknown {
  const fields = keys.map((key, i) => `${JSON.stringify(key)}: f[${i}](v[${i}])`).join(', ');
  return new Function('f', `return (v) => ({ ${fields} });`)(fromDriver) as (values: unknown[]) => unknown;
}

const statements = new WeakMap<Database, Map<string, Statement>>();
/**
 * Statements kept per connection, the least recently used dropped first: a
 * sync's staging tables have names of their own, so an unbounded cache would
 * keep every past sync's statements.
 */
const STATEMENTS_KEPT = 200;

function prepared(sqlite: Database, sql: string): Statement {
  let cache = statements.get(sqlite);
  if (!cache) statements.set(sqlite, (cache = new Map()));
  let statement = cache.get(sql);
  if (statement) cache.delete(sql);
  else statement = sqlite.prepare(sql);
  cache.set(sql, statement);
  if (cache.size > STATEMENTS_KEPT) cache.delete(cache.keys().next().value!);
  return statement;
}

/**
 * Rows per INSERT statement: one statement per row spends more in the call
 * into SQLite than in the insert; a few dozen rows per statement halve a
 * full sync's write time, far below SQLite's limit of bound variables.
 */
const ROWS_PER_INSERT = 50;

/**
 * Writes rows of one entity for an account into `table` (the live table or a
 * staging copy of it); a row whose id is there already is replaced, and of a
 * row given twice the later copy wins. The caller holds the transaction.
 */
export function upsertSnapshotRows<E extends EntityName>(
  sqlite: Database,
  entity: E,
  accountId: string,
  rows: readonly SnapshotEntities[E][],
  table = codecOf(entity).table,
): void {
  const { keys, insertColumns, rowPlaceholders, toDriver } = codecOf(entity);
  const width = keys.length + 1;
  const insert = (count: number) => prepared(sqlite, `INSERT OR REPLACE INTO ${table} ${insertColumns} VALUES ${Array(count).fill(rowPlaceholders).join(', ')}`);
  const full = insert(ROWS_PER_INSERT);
  const values: unknown[] = new Array(width * ROWS_PER_INSERT);
  let filled = 0;
  for (const row of rows) {
    const record = row as unknown as Record<string, unknown>;
    const at = filled * width;
    values[at] = accountId;
    for (let i = 0; i < keys.length; i++) values[at + i + 1] = toDriver[i]!(record[keys[i]!]);
    if (++filled === ROWS_PER_INSERT) {
      full.run(values);
      filled = 0;
    }
  }
  if (filled > 0) insert(filled).run(values.slice(0, filled * width));
}

/** Every row of one entity for an account, in the neutral model's shape. */
export function readSnapshotRows<E extends EntityName>(sqlite: Database, entity: E, accountId: string): SnapshotEntities[E][] {
  return readSnapshotRowsWhere(sqlite, entity, accountId, '1', []);
}

/**
 * The rows of one entity for an account that match `condition` (SQL over the
 * table's column names, with `?` for `params`): for readers that need only a
 * slice of a large account, through an index.
 */
export function readSnapshotRowsWhere<E extends EntityName>(
  sqlite: Database,
  entity: E,
  accountId: string,
  condition: string,
  params: readonly unknown[],
): SnapshotEntities[E][] {
  return readRows(sqlite, entity, `${codecOf(entity).table} WHERE "account_id" = ? AND (${condition})`, [accountId, ...params]);
}

/** The rows of one entity for an account with the given ids (as many as there are; none for no ids). */
export function readSnapshotRowsByIds<E extends EntityName>(sqlite: Database, entity: E, accountId: string, ids: readonly string[]): SnapshotEntities[E][] {
  if (ids.length === 0) return [];
  return readSnapshotRowsWhere(sqlite, entity, accountId, 'id IN (SELECT value FROM json_each(?))', [JSON.stringify(ids)]);
}

/** The account's small reference lists every reader of a snapshot slice needs whole: people, groups, pipelines, stages. */
export function readReferenceLists(sqlite: Database, accountId: string): Pick<Snapshot, 'userGroups' | 'users' | 'pipelines' | 'stages'> {
  return {
    userGroups: readSnapshotRows(sqlite, 'userGroups', accountId),
    users: readSnapshotRows(sqlite, 'users', accountId),
    pipelines: readSnapshotRows(sqlite, 'pipelines', accountId),
    stages: readSnapshotRows(sqlite, 'stages', accountId),
  };
}

/**
 * The rows of one entity that a query of the caller's selects: `source` is
 * any query exposing the table's columns (a window function to filter on,
 * a union of two reads), standing in for the table. `params` fill its
 * `@name` parameters.
 */
export function readSnapshotRowsFrom<E extends EntityName>(
  sqlite: Database,
  entity: E,
  source: string,
  params: Record<string, unknown>,
): SnapshotEntities[E][] {
  return readRows(sqlite, entity, `(${source})`, [params]);
}

/**
 * Rows come in id order whatever the query plan, so every reader of a
 * snapshot, whole or a slice, sees rows in the same order (ties that rules
 * sort stably stay broken the same way).
 */
function readRows<E extends EntityName>(sqlite: Database, entity: E, fromWhere: string, params: readonly unknown[]): SnapshotEntities[E][] {
  const { selectColumns, decode } = codecOf(entity);
  const statement = prepared(sqlite, `SELECT ${selectColumns} FROM ${fromWhere} ORDER BY "id"`).raw(true);
  const rows: SnapshotEntities[E][] = [];
  for (const values of statement.iterate(...params) as Iterable<unknown[]>) rows.push(decode(values) as SnapshotEntities[E]);
  return rows;
}
