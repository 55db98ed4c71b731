import type { EpochMs, Snapshot } from '../crm/model';

import type { DatabaseHandle } from './client';
import { readReferenceLists, readSnapshotRowsByIds, readSnapshotRowsFrom, readSnapshotRowsWhere } from './snapshot-rows';

/**
 * When a task stopped covering its deal, or NULL while it is open: the
 * rules' own taskEnd (src/rules/deal-without-task.ts) in SQL. The window-scope
 * test holds the two to the same findings.
 */
const TASK_END = 'CASE WHEN completed THEN coalesce(completed_at, created_at) END';

/** A task the task rules can see in a window from `@from` on: not done by then. */
const TASK_LIVE = '(completed_at > @from OR (completed_at IS NULL AND completed = 0))';

/**
 * The slice of an account's snapshot that the rules need to find every
 * finding holding at some instant after `from`, read with SQL instead of
 * loading the whole account: on a large account most deals closed long ago
 * and most of their history is old, and reading a row costs microseconds.
 *
 * The horizon is `from` less `lookbackMs`, the longest any rule reads back
 * (the rules' lookbackMs under the account's norms). The slice holds:
 * - the deals alive after the horizon: open, or closed or created after it;
 * - their tasks, except those settled by `from` (created and done by then):
 *   of those only the last done is kept, which is all a deal's gaps without
 *   a task and its "last completion" depend on. A deal created after the
 *   horizon keeps every task (first contact wants the first completion);
 * - tasks not done by `from` wherever they are, and the deals they name
 *   (closed before the horizon, so no deal rule holds on them in the window);
 *   likewise the deals the calls below name (a client of a deal lost long
 *   ago calls again: the missed call is about that deal);
 * - stage changes of alive deals from the last one at or before `from` on:
 *   earlier visits ended before the window;
 * - the calls after the horizon, all of them: first contact reads the calls
 *   of deals created after it, and the missed-call rule reads missed calls
 *   that may still hold and the calls that returned them.
 *
 * Given `until`, the slice is for windows that end by then too: deals and
 * tasks created after it are left out, and of the stage changes after it only
 * each deal's first (which ends the visit going on at `until`). What is left
 * out can only start or end a finding after `until`.
 *
 * Every rule returns the same findings from this slice as from the whole
 * snapshot, for any window from `from` on (and ending by `until`)
 * (test/db/window-scope.test.ts holds it to that).
 */
export function readWindowScope(
  handle: Pick<DatabaseHandle, 'sqlite'>,
  accountId: string,
  window: { from: EpochMs; until?: EpochMs | null; lookbackMs: number },
): Snapshot {
  const { from, until = null } = window;
  const { sqlite } = handle;
  const horizon = from - window.lookbackMs;
  // Without `until`, no row is made too late: every `created_at <= @until` holds.
  const last = until ?? Number.MAX_SAFE_INTEGER;

  const alive = readSnapshotRowsWhere(
    sqlite,
    'deals',
    accountId,
    `(stage_id NOT IN (SELECT id FROM stages WHERE account_id = ? AND kind <> 'open')
      OR coalesce(closed_at, stage_entered_at) > ? OR created_at > ?) AND created_at <= ?`,
    [accountId, horizon, horizon, last],
  );
  // Id lists go to SQLite as JSON arrays, read back with json_each.
  const params = {
    account: accountId,
    from,
    until: last,
    alive: JSON.stringify(alive.map((d) => d.id)),
    recent: JSON.stringify(alive.filter((d) => d.createdAt > horizon).map((d) => d.id)),
  };

  const tasks = readSnapshotRowsFrom(
    sqlite,
    'tasks',
    // Which of an alive deal's tasks to keep is decided off the index by deal and times alone; only
    // those are then read from the table by rowid (CROSS JOIN keeps that order).
    `SELECT tasks.* FROM (
       SELECT rowid AS kept, deal_id, created_at, ${TASK_END} AS ended,
         max(CASE WHEN created_at <= @from AND ${TASK_END} <= @from THEN ${TASK_END} END) OVER (PARTITION BY deal_id) AS settled_end
       FROM tasks WHERE account_id = @account AND deal_id IN (SELECT value FROM json_each(@alive))
     ) AS times CROSS JOIN tasks ON tasks.rowid = times.kept
     WHERE (ended IS NULL OR ended > @from OR times.created_at > @from OR ended >= settled_end
       OR times.deal_id IN (SELECT value FROM json_each(@recent))) AND times.created_at <= @until
     UNION ALL
     -- +account_id: read the table through, in its order; through an index by account it is one
     -- random lookup per task of the account, three times slower for the few thousand kept.
     SELECT * FROM tasks WHERE +account_id = @account AND ${TASK_LIVE} AND created_at <= @until
       AND (deal_id IS NULL OR deal_id NOT IN (SELECT value FROM json_each(@alive)))`,
    params,
  );

  // Through the calls_at index: only the last weeks of calls are read, however long the account's history.
  const calls = readSnapshotRowsWhere(sqlite, 'calls', accountId, 'at > ? AND at <= ?', [horizon, last]);

  const aliveSet = new Set(alive.map((d) => d.id));
  const subjectIds = [...new Set([...tasks, ...calls].map((row) => row.dealId).filter((id): id is string => id !== null && !aliveSet.has(id)))];
  const subjects = readSnapshotRowsByIds(sqlite, 'deals', accountId, subjectIds);

  const stageChanges = readSnapshotRowsFrom(
    sqlite,
    'stageChanges',
    // Each deal's bounds come off the index by deal and time alone; then only the rows between them
    // are read from the table (CROSS JOIN keeps that order), not every move the deal ever made.
    // No move by @from: all are after it; none after @until: all are by it.
    `WITH bounds AS (
       SELECT deal_id, max(CASE WHEN at <= @from THEN at END) AS settled_at, min(CASE WHEN at > @until THEN at END) AS next_at
       FROM stage_changes WHERE account_id = @account AND deal_id IN (SELECT value FROM json_each(@alive))
       GROUP BY deal_id
     )
     SELECT stage_changes.* FROM bounds CROSS JOIN stage_changes
     WHERE stage_changes.account_id = @account AND stage_changes.deal_id = bounds.deal_id
       AND stage_changes.at BETWEEN coalesce(settled_at, @from) AND coalesce(next_at, @until)`,
    params,
  );


  return {
    ...readReferenceLists(sqlite, accountId),
    deals: [...alive, ...subjects].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    tasks,
    stageChanges,
    calls,
  };
}
