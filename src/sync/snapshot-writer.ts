import { eq } from 'drizzle-orm';
import type { DatabaseHandle } from '../db/client';
import { insertSnapshotRows } from '../db/snapshot-rows';
import { SNAPSHOT_TABLES } from '../db/snapshot-tables';
import { ENTITY_NAMES, type EntityName, type SnapshotChunk } from '../crm/model';

/** Rows written per entity. */
export type SnapshotCounts = Record<EntityName, number>;

/**
 * Replaces an account's snapshot with what a connector streams.
 *
 * Pages are staged in a temporary table as they arrive (memory stays bounded
 * by one page), and the live tables are swapped in ONE transaction at the end:
 * readers never see half a snapshot, and a connector that fails half-way
 * leaves the previous snapshot exactly as it was. Other writers are blocked
 * only for the swap, not for the minutes a large CRM takes to page through.
 */
export async function writeFullSnapshot(
  handle: DatabaseHandle,
  accountId: string,
  chunks: AsyncIterable<SnapshotChunk>,
  stagingName: string,
): Promise<SnapshotCounts> {
  const staging = new StagingTable(handle, stagingName);
  try {
    for await (const chunk of chunks) staging.add(chunk);
    return handle.sqlite.transaction(() => swapIn(handle, accountId, staging))();
  } finally {
    staging.drop();
  }
}

function swapIn(handle: DatabaseHandle, accountId: string, staging: StagingTable): SnapshotCounts {
  const counts = Object.fromEntries(ENTITY_NAMES.map((e) => [e, 0])) as SnapshotCounts;
  for (const entity of ENTITY_NAMES) {
    const table = SNAPSHOT_TABLES[entity];
    handle.db.delete(table).where(eq(table.accountId, accountId)).run();
  }
  for (const chunk of staging.chunks()) {
    insertSnapshotRows(handle.sqlite, chunk.entity, accountId, chunk.rows);
    counts[chunk.entity] += chunk.rows.length;
  }
  return counts;
}

/** A connection-private scratch table holding the pages of one sync run. */
class StagingTable {
  private readonly name: string;
  private size = 0;

  constructor(
    private readonly handle: DatabaseHandle,
    name: string,
  ) {
    this.name = `temp.${name.replace(/\W/g, '_')}`;
    handle.sqlite.exec(`DROP TABLE IF EXISTS ${this.name}`);
    handle.sqlite.exec(`CREATE TABLE ${this.name} (seq INTEGER PRIMARY KEY, entity TEXT NOT NULL, rows TEXT NOT NULL)`);
  }

  add(chunk: SnapshotChunk): void {
    if (chunk.rows.length === 0) return;
    this.handle.sqlite
      .prepare(`INSERT INTO ${this.name} (seq, entity, rows) VALUES (?, ?, ?)`)
      .run(++this.size, chunk.entity, JSON.stringify(chunk.rows));
  }

  /** The staged pages in arrival order, one at a time (an open iterator would lock the connection). */
  *chunks(): Generator<SnapshotChunk> {
    const read = this.handle.sqlite.prepare<[number], { entity: EntityName; rows: string }>(
      `SELECT entity, rows FROM ${this.name} WHERE seq = ?`,
    );
    for (let seq = 1; seq <= this.size; seq++) {
      const row = read.get(seq);
      if (row) yield { entity: row.entity, rows: JSON.parse(row.rows) } as SnapshotChunk;
    }
  }

  drop(): void {
    this.handle.sqlite.exec(`DROP TABLE IF EXISTS ${this.name}`);
  }
}
