import type { EpochMs, Snapshot } from '../crm/model';
import type { DatabaseHandle } from './client';
import { readReferenceLists, readSnapshotRowsByIds, readSnapshotRowsWhere } from './snapshot-rows';

/**
 * The slice of the snapshot the every-minute overdue check needs: tasks
 * still open and due before `at` (read through the tasks_open_due index),
 * the tasks of pings still open (to see them done, moved or deleted), their
 * deals, and the small reference lists. Reading the whole account every
 * minute would cost seconds on a large one; this costs what is overdue.
 *
 * A task marked done counts as done here whatever its completion time says,
 * since a snapshot cannot hold a completion later than the sync that read it.
 */
export function overdueScope(handle: Pick<DatabaseHandle, 'sqlite'>, accountId: string, at: EpochMs): Snapshot {
  const { sqlite } = handle;
  const tasks = readSnapshotRowsWhere(sqlite, 'tasks', accountId, 'completed = 0 AND due_at < ?', [at]);
  const seen = new Set(tasks.map((t) => t.id));
  const pinged = readSnapshotRowsWhere(
    sqlite,
    'tasks',
    accountId,
    // The account is bound, not taken from the outer row: a correlated subquery would run once per task.
    "id IN (SELECT task_id FROM pings WHERE pings.account_id = ? AND pings.subject = 'task' AND pings.closed_at IS NULL)",
    [accountId],
  );
  for (const task of pinged) if (!seen.has(task.id)) tasks.push(task);
  const dealIds = [...new Set(tasks.map((t) => t.dealId).filter((id): id is string => id !== null))];
  return {
    ...readReferenceLists(sqlite, accountId),
    deals: readSnapshotRowsByIds(sqlite, 'deals', accountId, dealIds),
    tasks,
    stageChanges: [],
    calls: [],
  };
}
