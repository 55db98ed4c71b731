import type { Call } from '../crm/model';
import { maskedPhone } from '../crm/phone';

import { activeIn, defineRule } from './rule';
import type { SnapshotIndex } from './snapshot-index';
import type { Candidate } from './types';
import { DAY, MINUTE } from '../time';

/**
 * `missed_call_not_returned`: an incoming call nobody answered, with no
 * outgoing call attempt to the client and no answered call with them within
 * `minutes` (on the rule's clock; the working clock is the manager's own).
 * "The client" is the same number (its last ten digits), the same contact
 * or the same deal (SnapshotIndex.clientKeys). Since = the missed call; the
 * finding holds from its deadline until the call is returned, or for
 * `lookbackDays` when it never is. Returned late, it is a finding that
 * resolved when the call came.
 *
 * A client who calls three times before anyone calls back is one client
 * nobody answered, not three findings: a missed call made while an earlier
 * missed call of the same client (of the last `lookbackDays`) is still
 * unreturned joins it. That reads up to `lookbackDays` before a call which
 * itself holds for `lookbackDays`: the rule reads twice that before a window.
 *
 * The finding is about the call's deal; a call filed on a contact or a
 * company is about its newest deal open at the time (none: no deal). The
 * manager is the deal's, else the one whose line the call rang on.
 */
const KEY_PREFIX = 'missed_call_not_returned:';

export const missedCallNotReturned = defineRule<'missed_call_not_returned'>({ lookbackMs: (norms) => 2 * norms.lookbackDays * DAY }, (snapshot, norms, ctx) => {
  const lookback = norms.lookbackDays * DAY;
  const found: Candidate[] = [];
  for (const call of snapshot.missedCalls) {
    if (call.at + lookback <= ctx.window.from || call.at >= ctx.window.at) continue;
    const returnedAt = snapshot.returnedAt(call);
    const activeUntil = returnedAt === null ? call.at + lookback : Math.min(returnedAt, call.at + lookback);
    // Returned before the window: nothing to hold in it, whatever the deadline (which costs a walk through working hours).
    if (activeUntil <= ctx.window.from) continue;
    if (joinsEarlierMissedCall(call, snapshot, lookback)) continue;
    const deal = snapshot.dealOfCall(call);
    const managerId = deal?.responsibleId ?? call.userId;
    const deadline = ctx.time(norms.clock, managerId).add(call.at, norms.minutes * MINUTE);
    if (!activeIn(ctx.window, deadline, activeUntil)) continue;
    const returned = returnedAt !== null && returnedAt <= ctx.window.at ? returnedAt : null;
    found.push({
      key: `${KEY_PREFIX}${call.id}`,
      rule: 'missed_call_not_returned',
      dealId: deal?.id ?? null,
      taskId: null,
      managerId,
      pipelineId: deal?.pipelineId ?? null,
      stageId: deal?.stageId ?? null,
      amount: deal?.price ?? null,
      since: call.at,
      activeFrom: deadline,
      activeUntil,
      facts: {
        calledAt: call.at,
        phone: maskedPhone(call.phoneTail),
        returnedAt: returned,
        waitedMs: (returned ?? ctx.window.at) - call.at,
        normMs: norms.minutes * MINUTE,
      },
    });
  }
  return found;
});

/** The missed call a finding of this rule is about (its key names it), or null for a finding of another rule. */
export function missedCallIdOf(finding: { rule: string; key: string }): string | null {
  return finding.rule === 'missed_call_not_returned' && finding.key.startsWith(KEY_PREFIX) ? finding.key.slice(KEY_PREFIX.length) : null;
}

/** Whether an earlier missed call of the same client, of the last `lookback`, was still unreturned when this one came. */
function joinsEarlierMissedCall(call: Call, snapshot: SnapshotIndex, lookback: number): boolean {
  for (const key of snapshot.clientKeys(call)) {
    for (const earlier of snapshot.missedCallsOf(key)) {
      if (earlier.at >= call.at) break;
      if (earlier.at < call.at - lookback || earlier.id === call.id) continue;
      const returnedAt = snapshot.returnedAt(earlier);
      if (returnedAt === null || returnedAt > call.at) return true;
    }
  }
  return false;
}
