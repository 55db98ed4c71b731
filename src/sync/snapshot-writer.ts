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
    return handle.sqlite.transaction(() => staging.swapIn())();
  } finally {
    staging.drop();
  }
}

/** Connection-private scratch tables, one per entity, holding the pages of one sync run. */
class Staging {
  private readonly prefix: string;
  private readonly created = new Set<EntityName>();

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
    const table = this.tableFor(chunk.entity);
    // One transaction per page, not per row: a row-by-row commit costs more than the insert.
    this.sqlite.transaction(() => upsertSnapshotRows(this.sqlite, chunk.entity, this.accountId, chunk.rows, table))();
  }

  /** Replaces the account's live rows with the staged ones; call inside a transaction. */
  swapIn(): SnapshotCounts {
    const counts = Object.fromEntries(ENTITY_NAMES.map((e) => [e, 0])) as SnapshotCounts;
    for (const entity of ENTITY_NAMES) {
      const live = getTableName(SNAPSHOT_TABLES[entity]);
      this.sqlite.prepare(`DELETE FROM "${live}" WHERE account_id = ?`).run(this.accountId);
      if (!this.created.has(entity)) continue;
      // In arrival order, so that of a row a CRM paged twice the later copy wins.
      this.sqlite.prepare(`INSERT OR REPLACE INTO "${live}" SELECT * FROM temp."${this.stagedName(entity)}" ORDER BY rowid`).run();
      counts[entity] = (this.sqlite.prepare(`SELECT count(*) AS n FROM "${live}" WHERE account_id = ?`).get(this.accountId) as { n: number }).n;
    }
    return counts;
  }

  drop(): void {
    for (const entity of ENTITY_NAMES) this.sqlite.exec(`DROP TABLE IF EXISTS temp."${this.stagedName(entity)}"`);
    this.created.clear();
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
