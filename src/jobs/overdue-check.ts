import { and, eq, isNull, ne, or, sql } from 'drizzle-orm';
import type { LiveConnector } from '../crm/connector';
import type { Task } from '../crm/model';
import type { Db } from '../db/client';
import { overdueScope } from '../db/overdue-scope';
import { pings, pingSteps } from '../db/schema';
import { loadNorms } from '../norms/store';
import { describeError } from '../errors';
import { stepKey } from '../norms/ladder';
import { pingKey, planPings, type OpenPing, type PingSubject } from '../pings/plan';
import { missedCallIdOf } from '../rules/missed-call-not-returned';
import { overlayCrmTasks } from '../pings/verify';
import { evaluateRule } from '../rules';
import { SnapshotIndex } from '../rules/snapshot-index';
import type { Finding } from '../rules/types';
import { loadSettings, setPingsSince } from '../settings/store';
import { applyChanges } from '../sync/change-writer';
import { SECOND, type EpochMs } from '../time';
import type { PingContext } from './context';
import { dataFreshness } from './account-snapshot';
import { recordPingHold } from './ping-holds';
import { checkMissedCalls } from './missed-call-check';
import { PingWriter, pingFacts, type FreshPing } from './ping-writer';
import { loadRouting } from './routing';
import { endDueSnoozes, snoozesInForce } from './snooze';
import { accountWorkTime } from './work-time';

export interface OverdueCheckResult {
  pinged: number;
  closed: number;
  /** Later steps of the escalation ladder fired for pings already open (with the default ladder: the supervisor told again). */
  escalated: number;
  /** Pings and later steps due now but held: the CRM could not confirm their tasks, or the snapshot is too old. */
  held: number;
}

/** How long the check waits for the CRM to confirm tasks before it holds its pings for the next minute. */
const CRM_ANSWER_TIMEOUT_MS = 30 * SECOND;

/** A use case's context for the overdue check: it asks the CRM to confirm tasks and calls before it tells anyone. */
export interface OverdueCheckContext extends PingContext {
  crm: Pick<LiveConnector, 'readTasks' | 'readCallsSince'>;
}

/**
 * The every-minute overdue check: tasks that went overdue become pings, each
 * following the escalation ladder (norm `task_overdue.escalation`: by
 * default the manager and the supervisor at once, the supervisor again 2
 * hours later; each step at its time, once, at the recipient's hours), and
 * pings whose task was done, moved or deleted edit every message they sent.
 *
 * Nothing is said from stale data: the tasks about to be pinged and those of
 * open pings are read again from the CRM first, and what it says now wins
 * over the snapshot (a task done five minutes ago is not pinged; a pinged one
 * done since is edited with the CRM's completion time). When the CRM cannot
 * answer, or the snapshot is too old to act on (syncs failing), new pings and
 * the ladder's later steps wait, and the admins are told once each way. Everything is written in one transaction:
 * the CRM's rows into the snapshot, the ping rows and the outbox messages,
 * so a crash never sends without recording or records without sending.
 */
export async function runOverdueCheck(ctx: OverdueCheckContext, at: EpochMs): Promise<OverdueCheckResult> {
  const { config, handle } = ctx;
  const accountId = config.ACCOUNT_ID;
  const { syncedAt, stale } = dataFreshness(ctx);
  if (syncedAt === null) return { pinged: 0, closed: 0, escalated: 0, held: 0 };
  const pingsSince = startPinging(handle.db, accountId, at);
  // Snoozes whose day came (or whose task was done or moved) end first: their findings are back in this very check.
  endDueSnoozes(ctx, at);
  const snoozed = snoozesInForce(ctx, at);
  const scope = overdueScope(handle, accountId, at);
  const norms = loadNorms(handle.db, accountId, config.TIMEZONE);
  const work = accountWorkTime(handle.db, accountId);
  const allOpen = openPings(handle.db, accountId);
  const open = allOpen.filter((p) => p.subject === 'task');
  // Tasks overdue before pinging began are the report's business, not a flood of pings on day one.
  const overdueIn = (tasks: Task[]) => evaluateRule('task_overdue', new SnapshotIndex({ ...scope, tasks }), norms, work, { from: at, at }).filter((f) => f.since >= pingsSince && !snoozed.hides(f));
  const candidates = overdueIn(scope.tasks);
  const pinged = pingedKeys(handle.db, accountId, 'task', candidates.flatMap((f) => (f.taskId === null ? [] : [f.taskId])));
  const asked = [...new Set([...candidates.filter((f) => f.taskId !== null && !pinged.has(pingKey(f.taskId, f.since))).map((f) => f.taskId!), ...open.map((p) => p.taskId)])];
  const answer = await askCrm(ctx, asked);
  const check = answer.ok ? overlayCrmTasks(scope.tasks, asked, answer.tasks) : null;
  const snapshot = new SnapshotIndex({ ...scope, tasks: check?.tasks ?? scope.tasks });
  const { policy, people } = loadRouting(ctx, norms);
  const plan = planPings({
    overdue: check ? overdueIn(check.tasks) : candidates,
    open,
    pinged,
    tasks: new Map(snapshot.tasks.map((t): [string, Task] => [t.id, t])),
    at,
    ladder: norms.rules.task_overdue.escalation,
    snoozedUntil: (ping) => snoozed.snoozeOf({ taskId: ping.taskId, dealId: ping.dealId ?? null })?.until ?? null,
  });
  const calls = await checkMissedCalls(ctx, {
    at,
    norms,
    work,
    pingsSince,
    snoozed,
    open: allOpen.filter((p) => p.subject === 'missed_call'),
    pinged: (ids) => pingedKeys(handle.db, accountId, 'missed_call', ids),
    timeoutMs: CRM_ANSWER_TIMEOUT_MS,
  });
  // Without the CRM's word, or on a snapshot too old to trust, only what the CRM said is acted on
  // (pings closed); nothing new is said.
  const speak = check !== null && stale === null;
  const speakOfCalls = calls !== null && calls.failure === null && stale === null;
  const fresh: FreshPing[] = [
    ...(speak ? plan.fresh : []).map((finding) => ({ finding, facts: pingFacts(finding, snapshot, people, ctx.dealUrl), subject: { kind: 'task' as const, id: finding.taskId! } })),
    ...(calls && speakOfCalls ? calls.plan.fresh : []).map((finding) => ({ finding, facts: pingFacts(finding, calls!.snapshot, people, ctx.dealUrl), subject: { kind: 'missed_call' as const, id: missedCallIdOf(finding)! } })),
  ];
  const steps = [...(speak ? plan.steps : []), ...(speakOfCalls ? calls!.plan.steps : [])];
  const closures = [...plan.closures, ...(calls?.plan.closures ?? [])];
  const failure = answer.ok ? (calls?.failure ?? null) : answer.reason;
  const writer = new PingWriter(ctx, people, policy, norms.rules.task_overdue.escalation, at);
  let escalated = 0;
  handle.sqlite
    .transaction(() => {
      if (check) applyChanges(handle, accountId, [{ op: 'upsert', entity: 'tasks', rows: check.confirmed }, { op: 'delete', entity: 'tasks', ids: check.deleted }]);
      if (calls && calls.confirmed.length > 0) applyChanges(handle, accountId, [{ op: 'upsert', entity: 'calls', rows: calls.confirmed }]);
      if (asked.length > 0 || calls?.asked) recordPingHold(ctx, 'crmUnreachableSince', at, failure === null ? null : { reason: failure });
      recordPingHold(ctx, 'snapshotStaleSince', at, stale ? { reason: stale.reason, since: syncedAt } : null);
      // A snooze set while the CRM was being asked (the bot answers buttons meanwhile) holds its pings too.
      const snoozedNow = snoozesInForce(ctx, at);
      writer.open(
        fresh.filter(({ finding }) => !snoozedNow.hides(finding)),
        plan.freshSteps,
      );
      writer.close(closures);
      // A manager who went away since their copy was queued is not told on their return: the supervisor is
      // (a new message, so only when the bot may speak).
      if (speak) writer.withdrawFromAway(allOpen.filter((p) => !closures.some((c) => c.pingId === p.id)).map((p) => p.id));
      escalated = writer.advance(steps);
    })
    .immediate();
  const planned = [plan, ...(calls ? [calls.plan] : [])];
  const heldSteps = planned.reduce((n, p) => n + p.steps.reduce((m, s) => m + s.steps.length, 0), 0) - steps.reduce((n, p) => n + p.steps.length, 0);
  const result = { pinged: fresh.length, closed: closures.length, escalated, held: planned.reduce((n, p) => n + p.fresh.length, 0) - fresh.length + heldSteps };
  if (result.pinged + result.closed + result.escalated + result.held > 0) ctx.logger.info({ ...result, verified: asked.length }, 'overdue check');
  return result;
}

/** The CRM's rows of the tasks asked about, now; or why it could not say. */
async function askCrm(ctx: OverdueCheckContext, ids: readonly string[]): Promise<{ ok: true; tasks: Task[] } | { ok: false; reason: string }> {
  if (ids.length === 0) return { ok: true, tasks: [] };
  try {
    return { ok: true, tasks: await ctx.crm.readTasks(ids, { signal: AbortSignal.timeout(CRM_ANSWER_TIMEOUT_MS) }) };
  } catch (error) {
    ctx.logger.warn({ err: error, tasks: ids.length }, 'the CRM could not confirm tasks before pings; they wait for the next check');
    return { ok: false, reason: describeError(error) };
  }
}

/**
 * The keys of the pings ever recorded for the tasks overdue now, the only
 * ones the plan asks about: every ping ever recorded would grow with the
 * account's history, read every minute.
 */
function pingedKeys(db: Db, accountId: string, subject: PingSubject, ids: readonly string[]): Set<string> {
  const subjectIds = [...new Set(ids)];
  if (subjectIds.length === 0) return new Set();
  const rows = db
    .select({ taskId: pings.taskId, dueAt: pings.dueAt })
    .from(pings)
    // Ids go as one JSON array: an overdue list can pass SQLite's limit on bound parameters.
    // A ping closed by a snooze does not count: when the snooze ends, the task is pinged again (the ping reopened).
    .where(
      and(
        eq(pings.accountId, accountId),
        eq(pings.subject, subject),
        sql`${pings.taskId} IN (SELECT value FROM json_each(${JSON.stringify(subjectIds)}))`,
        or(isNull(pings.outcome), ne(pings.outcome, 'snoozed')),
      ),
    )
    .all();
  return new Set(rows.map((row) => pingKey(row.taskId, row.dueAt)));
}

/** The pings not closed yet, each with the ladder's steps it has had. */
function openPings(db: Db, accountId: string): OpenPing[] {
  const rows = db.select().from(pings).where(and(eq(pings.accountId, accountId), isNull(pings.closedAt))).all();
  const steps = db
    .select({ pingId: pingSteps.pingId, afterMinutes: pingSteps.afterMinutes, to: pingSteps.recipient })
    .from(pingSteps)
    .innerJoin(pings, eq(pings.id, pingSteps.pingId))
    .where(and(eq(pings.accountId, accountId), isNull(pings.closedAt)))
    .all();
  const fired = new Map<number, Set<string>>();
  for (const step of steps) fired.set(step.pingId, (fired.get(step.pingId) ?? new Set()).add(stepKey(step)));
  return rows.map((row) => ({ id: row.id, subject: row.subject, taskId: row.taskId, dealId: row.dealId, dueAt: row.dueAt, detectedAt: row.detectedAt, fired: fired.get(row.id) ?? new Set() }));
}

/** The instant pings began for the account, set by the first check. */
function startPinging(db: Db, accountId: string, at: EpochMs): EpochMs {
  const since = loadSettings(db, accountId).pingsSince;
  if (since !== null) return since;
  setPingsSince(db, accountId, at);
  return at;
}
