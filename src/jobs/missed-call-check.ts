import type { LiveConnector } from '../crm/connector';
import type { Call } from '../crm/model';
import { missedCallScope } from '../db/missed-call-scope';
import { describeError } from '../errors';
import type { Norms } from '../norms/schema';
import { planMissedCallPings, type OpenPing, type PingPlan } from '../pings/plan';
import { overlayCrmCalls } from '../pings/verify';
import { evaluateRule, RULES } from '../rules';
import { missedCallIdOf } from '../rules/missed-call-not-returned';
import { SnapshotIndex } from '../rules/snapshot-index';
import type { Finding } from '../rules/types';
import type { WorkTime } from '../schedules/work-time';
import type { SnoozeIndex } from '../snooze/model';
import type { EpochMs } from '../time';
import type { PingContext } from './context';

/** What the every-minute check decided about missed calls, before it writes anything. */
export interface MissedCallRound {
  plan: PingPlan;
  /** The snapshot slice with the CRM's calls laid over it: what the pings' facts are read from. */
  snapshot: SnapshotIndex;
  /** The CRM's calls from the oldest call in question on, to write into the snapshot; empty when it was not asked or did not answer. */
  confirmed: Call[];
  /** Whether the CRM was asked, and why it could not answer. */
  asked: boolean;
  failure: string | null;
}

/**
 * The missed-call half of the every-minute check: which missed calls nobody
 * returned are to be pinged now, and which pinged ones were returned since.
 * As with tasks, nothing is said from the snapshot alone: the calls from
 * the oldest one in question on are read again from the CRM (a callback made
 * five minutes ago is not in the snapshot yet) and what it says wins. When
 * the CRM cannot answer, the plan is made from the snapshot and the caller
 * says nothing new from it.
 */
export async function checkMissedCalls(
  ctx: PingContext & { crm: Pick<LiveConnector, 'readCallsSince'> },
  input: { at: EpochMs; norms: Norms; work: WorkTime; pingsSince: EpochMs; snoozed: SnoozeIndex; open: readonly OpenPing[]; pinged: (callIds: readonly string[]) => Set<string>; timeoutMs: number },
): Promise<MissedCallRound | null> {
  const { at, norms, work, snoozed, open } = input;
  const ruleNorms = norms.rules.missed_call_not_returned;
  const scope = missedCallScope(ctx.handle, ctx.config.ACCOUNT_ID, at, RULES.missed_call_not_returned.lookbackMs(ruleNorms));
  if (scope === null && open.length === 0) return null;
  const slice = scope ?? { ...emptySlice(), calls: [] };
  const evaluate = (calls: Call[]) => {
    const snapshot = new SnapshotIndex({ ...slice, calls });
    return { snapshot, findings: evaluateRule('missed_call_not_returned', snapshot, norms, work, { from: at, at }) };
  };
  // Calls missed before pinging began are the report's business, as overdue tasks are.
  const toPing = (findings: Finding[]) => findings.filter((f) => f.since >= input.pingsSince && !snoozed.hides(f));

  const before = evaluate(slice.calls);
  const candidates = toPing(before.findings);
  const pingedBefore = input.pinged(candidates.map((f) => missedCallIdOf(f)!));
  const unpinged = candidates.filter((f) => !pingedBefore.has(`${missedCallIdOf(f)}:${f.since}`));
  const since = Math.min(...unpinged.map((f) => f.since), ...open.map((p) => p.dueAt));
  let confirmed: Call[] = [];
  let failure: string | null = null;
  let now = before;
  if (Number.isFinite(since)) {
    try {
      const answer = await ctx.crm.readCallsSince(since, { signal: AbortSignal.timeout(input.timeoutMs) });
      const check = overlayCrmCalls(slice.calls, since, answer);
      confirmed = check.confirmed;
      now = evaluate(check.calls);
    } catch (error) {
      ctx.logger.warn({ err: error, since }, 'the CRM could not confirm calls before missed-call pings; they wait for the next check');
      failure = describeError(error);
    }
  }
  const unreturned = toPing(now.findings);
  const holding = new Set(now.findings.map((f) => missedCallIdOf(f)));
  const callById = new Map(now.snapshot.calls.map((c): [string, Call] => [c.id, c]));
  const plan = planMissedCallPings({
    unreturned,
    open,
    pinged: input.pinged(unreturned.map((f) => missedCallIdOf(f)!)),
    callState: (callId) => {
      const call = callById.get(callId);
      return { returnedAt: call ? now.snapshot.returnedAt(call) : null, holds: holding.has(callId) };
    },
    at,
    ladder: norms.rules.task_overdue.escalation,
    snoozedUntil: (ping) => snoozed.snoozeOf({ taskId: null, dealId: ping.dealId ?? null })?.until ?? null,
  });
  return { plan, snapshot: now.snapshot, confirmed, asked: Number.isFinite(since), failure };
}

function emptySlice() {
  return { userGroups: [], users: [], pipelines: [], stages: [], deals: [], tasks: [], stageChanges: [] };
}
