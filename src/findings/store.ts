import { and, eq, isNull } from 'drizzle-orm';
import type { EpochMs } from '../crm/model';
import type { DatabaseHandle } from '../db/client';
import { findings as findingsTable } from '../db/schema';
import type { Finding } from '../rules/types';

export type StoredFinding = typeof findingsTable.$inferSelect;

export interface ReconcileResult {
  opened: StoredFinding[];
  resolved: number;
  stillOpen: number;
}

/**
 * Records what the rules see now: findings not seen before are opened (first
 * seen now), open ones no longer produced are resolved now, the rest are
 * refreshed. One transaction, so a crash never leaves half an evaluation.
 * `current` must be the findings open at `at` (a window with from = at).
 */
export function reconcileFindings(
  handle: DatabaseHandle,
  accountId: string,
  current: readonly Finding[],
  at: EpochMs,
): ReconcileResult {
  const { db } = handle;
  return handle.sqlite.transaction((): ReconcileResult => {
    const open = db
      .select()
      .from(findingsTable)
      .where(and(eq(findingsTable.accountId, accountId), isNull(findingsTable.resolvedAt)))
      .all();
    const openByKey = new Map(open.map((row) => [row.key, row]));
    const opened: StoredFinding[] = [];
    for (const finding of current) {
      const existing = openByKey.get(finding.key);
      openByKey.delete(finding.key);
      const fields = storedFields(finding, at);
      if (existing) db.update(findingsTable).set(fields).where(eq(findingsTable.id, existing.id)).run();
      else opened.push(db.insert(findingsTable).values({ ...fields, accountId, firstSeenAt: at }).returning().get());
    }
    for (const gone of openByKey.values()) {
      db.update(findingsTable).set({ resolvedAt: at }).where(eq(findingsTable.id, gone.id)).run();
    }
    return { opened, resolved: openByKey.size, stillOpen: current.length - opened.length };
  }).immediate();
}

/** A finding's own fields are the table's columns; only the observation times are the store's. */
function storedFields({ resolvedAt: _resolvedByRule, ...fields }: Finding, at: EpochMs) {
  return { ...fields, lastSeenAt: at };
}
