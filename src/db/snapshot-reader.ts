import { ENTITY_NAMES, type EntityName, type Snapshot } from '../crm/model';
import type { DatabaseHandle } from './client';
import { readSnapshotRows } from './snapshot-rows';

/**
 * Reads an account's whole latest snapshot into memory, in the neutral
 * model's shape: for checking what a sync wrote. Findings and reports read
 * only their window's slice (window-scope.ts); on a large account the whole
 * snapshot is over a gigabyte of objects.
 */
export function loadSnapshot(handle: Pick<DatabaseHandle, 'sqlite'>, accountId: string): Snapshot {
  const snapshot = {} as Record<EntityName, unknown[]>;
  for (const entity of ENTITY_NAMES) snapshot[entity] = readSnapshotRows(handle.sqlite, entity, accountId);
  return snapshot as Snapshot;
}
