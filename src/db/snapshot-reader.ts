import { eq } from 'drizzle-orm';
import { ENTITY_NAMES, type EntityName, type Snapshot } from '../crm/model';
import type { Db } from './client';
import { SNAPSHOT_TABLES } from './snapshot-tables';

/** Reads an account's latest snapshot into memory, in the neutral model's shape. */
export function loadSnapshot(db: Db, accountId: string): Snapshot {
  const snapshot = {} as Record<EntityName, unknown[]>;
  for (const entity of ENTITY_NAMES) {
    const table = SNAPSHOT_TABLES[entity];
    const rows = db.select().from(table).where(eq(table.accountId, accountId)).all();
    snapshot[entity] = rows.map(({ accountId: _account, ...row }) => row);
  }
  return snapshot as Snapshot;
}
