import { ENTITY_NAMES, type EntityName, type Snapshot } from '../crm/model';
import type { DatabaseHandle } from './client';
import { readSnapshotRows } from './snapshot-rows';

/** Reads an account's latest snapshot into memory, in the neutral model's shape. */
export function loadSnapshot(handle: Pick<DatabaseHandle, 'sqlite'>, accountId: string): Snapshot {
  const snapshot = {} as Record<EntityName, unknown[]>;
  for (const entity of ENTITY_NAMES) snapshot[entity] = readSnapshotRows(handle.sqlite, entity, accountId);
  return snapshot as Snapshot;
}
