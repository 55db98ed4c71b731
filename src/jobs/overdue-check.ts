import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Task } from '../crm/model';
import type { Db } from '../db/client';
import { overdueScope } from '../db/overdue-scope';
import { pings } from '../db/schema';
import { loadNorms } from '../norms/store';
import { pingKey, planPings } from '../pings/plan';
import { evaluateRule } from '../rules';
import { SnapshotIndex } from '../rules/snapshot-index';
import type { Finding } from '../rules/types';
import { loadSettings, setPingsSince } from '../settings/store';
import { lastSuccessfulSync } from '../sync/run-sync';
import { MINUTE, type EpochMs } from '../time';
import type { PingContext } from './context';
import { PingWriter, pingFacts } from './ping-writer';
import { loadRouting } from './routing';

export interface OverdueCheckResult {
  pinged: number;
  closed: number;
  escalated: number;
}

/**
 * The every-minute overdue check: tasks that went overdue become pings (to
 * the manager and the supervisor, at the right hours), pings whose task was
 * done, moved or deleted edit their messages, and pings overdue for too long
 * are escalated. Everything it sends is queued in the outbox in the same
 * transaction as the ping rows, so a crash never sends without recording or
 * records without sending.
 */
export function runOverdueCheck(ctx: PingContext, at: EpochMs): OverdueCheckResult {
  const { config, handle } = ctx;
  const accountId = config.ACCOUNT_ID;
  if (!lastSuccessfulSync(handle, accountId)) return { pinged: 0, closed: 0, escalated: 0 };
  const pingsSince = startPinging(handle.db, accountId, at);
  const snapshot = new SnapshotIndex(overdueScope(handle, accountId, at));
  const norms = loadNorms(handle.db, accountId, config.TIMEZONE);
  const { policy, people } = loadRouting(ctx, norms);
  // Tasks overdue before pinging began are the report's business, not a flood of pings on day one.
  const overdue = evaluateRule('task_overdue', snapshot, norms, { from: at, at }).filter((f) => f.since >= pingsSince);
  const plan = planPings({
    overdue,
    open: handle.db.select().from(pings).where(and(eq(pings.accountId, accountId), isNull(pings.closedAt))).all(),
    pinged: pingedKeys(handle.db, accountId, overdue),
    tasks: new Map(snapshot.tasks.map((t): [string, Task] => [t.id, t])),
    at,
    escalateAfterMs: norms.rules.task_overdue.escalateAfterMinutes * MINUTE,
  });
  const writer = new PingWriter(ctx, people, policy, at);
  handle.sqlite.transaction(() => {
    writer.open(plan.fresh.map((finding) => ({ finding, facts: pingFacts(finding, snapshot, people, ctx.dealUrl) })));
    writer.close(plan.closures);
    writer.escalate(plan.escalations);
  }).immediate();
  const result = { pinged: plan.fresh.length, closed: plan.closures.length, escalated: plan.escalations.length };
  if (result.pinged + result.closed + result.escalated > 0) ctx.logger.info(result, 'overdue check');
  return result;
}

/**
 * The keys of the pings ever recorded for the tasks overdue now, the only
 * ones the plan asks about: every ping ever recorded would grow with the
 * account's history, read every minute.
 */
function pingedKeys(db: Db, accountId: string, overdue: readonly Finding[]): Set<string> {
  const taskIds = [...new Set(overdue.flatMap((f) => (f.taskId === null ? [] : [f.taskId])))];
  if (taskIds.length === 0) return new Set();
  const rows = db
    .select({ taskId: pings.taskId, dueAt: pings.dueAt })
    .from(pings)
    // Ids go as one JSON array: an overdue list can pass SQLite's limit on bound parameters.
    .where(and(eq(pings.accountId, accountId), sql`${pings.taskId} IN (SELECT value FROM json_each(${JSON.stringify(taskIds)}))`))
    .all();
  return new Set(rows.map((row) => pingKey(row.taskId, row.dueAt)));
}

/** The instant pings began for the account, set by the first check. */
function startPinging(db: Db, accountId: string, at: EpochMs): EpochMs {
  const since = loadSettings(db, accountId).pingsSince;
  if (since !== null) return since;
  setPingsSince(db, accountId, at);
  return at;
}
