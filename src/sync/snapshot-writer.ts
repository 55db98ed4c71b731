import type { Database } from 'better-sqlite3';
import { getTableName } from 'drizzle-orm';
import type { DatabaseHandle } from '../db/client';
import { upsertSnapshotRows } from '../db/snapshot-rows';
import { SNAPSHOT_TABLES } from '../db/snapshot-tables';
import { ENTITY_NAMES, type EntityName, type SnapshotChunk } from '../crm/model';
import { readAhead } from './read-ahead';

/** Rows written per entity. */
export type SnapshotCounts = Record<EntityName, number>;

/**
 * Replaces an account's snapshot with what a connector streams.
 *
 * Pages are staged in temporary tables shaped like the live ones as they
 * arrive (memory stays bounded by a page or two), and the live tables are
 * swapped in ONE transaction at the end, table to table inside SQLite:
 * readers never see half a snapshot, and a connector that fails half-way
 * leaves the previous snapshot exactly as it was. Other writers are blocked
 * only for the swap, not for the minutes a large CRM takes to page through.
 * The next page is fetched while one is being written.
 */
export async function writeFullSnapshot(
  handle: DatabaseHandle,
  accountId: string,
  chunks: AsyncIterable<SnapshotChunk>,
  stagingName: string,
): Promise<SnapshotCounts> {
  const staging = new Staging(handle.sqlite, accountId, stagingName);
  try {
    for await (const chunk of readAhead(chunks)) staging.add(chunk);
    staging.flush();
    return handle.sqlite.transaction(() => staging.swapIn()).immediate();
  } finally {
    staging.drop();
  }
}

/**
 * Rows gathered before they are written, in one transaction: a commit costs
 * about as much as a small page's inserts. A couple of thousand rows are a
 * megabyte or two, and their write holds the event loop for about 10 ms.
 */
const ROWS_PER_WRITE = 2_000;

/** Connection-private scratch tables, one per entity, holding the pages of one sync run. */
class Staging {
  private readonly prefix: string;
  private readonly created = new Set<EntityName>();
  private pending: SnapshotChunk[] = [];
  private pendingRows = 0;
  private readonly stagedRows = new Map<EntityName, number>();

  constructor(
    private readonly sqlite: Database,
    private readonly accountId: string,
    name: string,
  ) {
    this.prefix = name.replace(/\W/g, '_');
    this.drop();
  }

  add(chunk: SnapshotChunk): void {
    if (chunk.rows.length === 0) return;
    this.pending.push(chunk);
    this.pendingRows += chunk.rows.length;
    if (this.pendingRows >= ROWS_PER_WRITE) this.flush();
  }

  /** Writes the rows gathered so far, in arrival order. */
  flush(): void {
    const chunks = this.pending;
    this.pending = [];
    this.pendingRows = 0;
    this.sqlite.transaction(() => {
      for (const chunk of chunks) {
        upsertSnapshotRows(this.sqlite, chunk.entity, this.accountId, chunk.rows, this.tableFor(chunk.entity));
        this.stagedRows.set(chunk.entity, (this.stagedRows.get(chunk.entity) ?? 0) + chunk.rows.length);
      }
    }).immediate();
  }

  /** Replaces the account's live rows with the staged ones; call inside a transaction. */
  swapIn(): SnapshotCounts {
    const counts = Object.fromEntries(ENTITY_NAMES.map((e) => [e, 0])) as SnapshotCounts;
    for (const entity of ENTITY_NAMES) {
      const live = getTableName(SNAPSHOT_TABLES[entity]);
      const staged = this.stagedRows.get(entity) ?? 0;
      const rebuilt = staged > 0 && this.othersRows(live) <= staged ? this.dropSecondaryIndexes(live) : [];
      this.sqlite.prepare(`DELETE FROM "${live}" WHERE account_id = ?`).run(this.accountId);
      if (staged > 0) {
        // In id order, so the primary key grows at its end instead of at random places; of a row a
        // CRM paged twice the later copy (higher rowid) comes second and wins.
        this.sqlite.prepare(`INSERT OR REPLACE INTO "${live}" SELECT * FROM temp."${this.stagedName(entity)}" ORDER BY id, rowid`).run();
      }
      for (const sql of rebuilt) this.sqlite.exec(sql);
      counts[entity] = (this.sqlite.prepare(`SELECT count(*) AS n FROM "${live}" WHERE account_id = ?`).get(this.accountId) as { n: number }).n;
    }
    return counts;
  }

  /** Rows of the other accounts in a live table. */
  private othersRows(live: string): number {
    return (this.sqlite.prepare(`SELECT count(*) AS n FROM "${live}" WHERE account_id <> ?`).get(this.accountId) as { n: number }).n;
  }

  /**
   * When the account holds most of a table, its secondary indexes are dropped
   * for the swap and built again after it: SQLite builds an index by sorting
   * (a million stage changes: under 2 s), where inserting a million rows into
   * it one by one, at random places, takes five. The whole swap is one
   * transaction, so no reader ever sees the table without them. Returns the
   * statements that build them again.
   */
  private dropSecondaryIndexes(live: string): string[] {
    const indexes = this.sqlite
      .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL")
      .all(live) as { name: string; sql: string }[];
    for (const index of indexes) this.sqlite.exec(`DROP INDEX main."${index.name}"`);
    return indexes.map((index) => index.sql);
  }

  drop(): void {
    for (const entity of ENTITY_NAMES) this.sqlite.exec(`DROP TABLE IF EXISTS temp."${this.stagedName(entity)}"`);
    this.created.clear();
    this.stagedRows.clear();
  }

  private stagedName(entity: EntityName): string {
    return `${this.prefix}_${entity}`;
  }

  private tableFor(entity: EntityName): string {
    const name = this.stagedName(entity);
    if (!this.created.has(entity)) {
      const live = getTableName(SNAPSHOT_TABLES[entity]);
      // Same columns in the same order, no index: pages are appended as they come.
      this.sqlite.exec(`CREATE TEMP TABLE "${name}" AS SELECT * FROM main."${live}" WHERE 0`);
      this.created.add(entity);
    }
    return `temp."${name}"`;
  }
}
