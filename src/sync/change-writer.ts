import { and, eq, inArray } from 'drizzle-orm';
import type { ChangeChunk } from '../crm/connector';
import { ENTITY_NAMES, type EntityName } from '../crm/model';
import type { DatabaseHandle } from '../db/client';
import { SNAPSHOT_TABLES } from '../db/snapshot-tables';
import type { SnapshotCounts } from './snapshot-writer';

/**
 * Applies an incremental sync to an account's snapshot. Chunks are collected
 * first (an incremental sync is small by design) and applied in ONE
 * transaction: a connector that fails half-way leaves the snapshot as it was.
 * Returns the rows written (upserted or replaced) per entity.
 */
export async function writeChanges(handle: DatabaseHandle, accountId: string, changes: AsyncIterable<ChangeChunk>): Promise<SnapshotCounts> {
  const collected: ChangeChunk[] = [];
  for await (const chunk of changes) collected.push(chunk);
  return handle.sqlite.transaction(() => applyChanges(handle, accountId, collected)).immediate();
}

/**
 * Applies changes to an account's snapshot; call it inside a transaction.
 * Also how the overdue check writes what the CRM just said of a few tasks.
 */
export function applyChanges(handle: DatabaseHandle, accountId: string, chunks: readonly ChangeChunk[]): SnapshotCounts {
  const { db } = handle;
  const counts = Object.fromEntries(ENTITY_NAMES.map((e) => [e, 0])) as SnapshotCounts;
  const replaced = new Set<EntityName>();
  for (const chunk of chunks) {
    const table = SNAPSHOT_TABLES[chunk.entity];
    if (chunk.op === 'delete') {
      if (chunk.ids.length > 0) db.delete(table).where(and(eq(table.accountId, accountId), inArray(table.id, chunk.ids))).run();
      continue;
    }
    if (chunk.op === 'replace' && !replaced.has(chunk.entity)) {
      // Several pages of one list replace the old list together.
      db.delete(table).where(eq(table.accountId, accountId)).run();
      replaced.add(chunk.entity);
    }
    for (const row of chunk.rows) {
      const values = { ...row, accountId };
      // The table/row pairing is guaranteed by the chunk's entity tag; TS cannot follow it through the lookup.
      db.insert(table)
        .values(values as never)
        .onConflictDoUpdate({ target: [table.accountId, table.id], set: values as never })
        .run();
    }
    counts[chunk.entity] += chunk.rows.length;
  }
  return counts;
}
