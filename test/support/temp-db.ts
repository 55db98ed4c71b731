import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type DatabaseHandle } from '../../src/db/client';
import { ensureAccount } from '../../src/db/accounts';
import { upsertSnapshotRows } from '../../src/db/snapshot-rows';
import { ENTITY_NAMES, type Snapshot } from '../../src/crm/model';

/** A fresh SQLite file in its own temp folder, migrated, with the account "main". */
export function tempDatabase(): DatabaseHandle & { dir: string; path: string; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'crm-qc-test-'));
  const path = join(dir, 'test.sqlite');
  const handle = openDatabase(path);
  ensureAccount(handle.db, { id: 'main', name: 'Test', crm: 'demo' }, 0);
  return {
    ...handle,
    dir,
    path,
    dispose() {
      handle.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A fresh database (tempDatabase) holding `snapshot` as account "main"'s snapshot rows, written as a sync writes them. */
export function tempDatabaseWith(snapshot: Snapshot): ReturnType<typeof tempDatabase> {
  const handle = tempDatabase();
  handle.sqlite.transaction(() => {
    for (const entity of ENTITY_NAMES) upsertSnapshotRows(handle.sqlite, entity, 'main', snapshot[entity] as never[]);
  })();
  return handle;
}
