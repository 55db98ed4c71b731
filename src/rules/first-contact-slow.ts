import type { Deal, EpochMs } from '../crm/model';

import { dealCandidate, holdsIn, defineRule } from './rule';
import type { SnapshotIndex } from './snapshot-index';
import type { Candidate } from './types';
import { DAY, MINUTE } from '../time';

/**
 * `first_contact_slow` (speed to lead): a deal created within the last
 * `lookbackDays` whose first contact — an outgoing call attempt, an answered
 * incoming call or a completed task on the deal, whichever came first — came
 * more than `minutes` after creation, or has not come and `minutes` have
 * passed. Since = the deal's creation. A slow contact stays a
 * finding until the deal is older than the lookback.
 */
export const firstContactSlow = defineRule<'first_contact_slow'>({ judgedAtWindowEnd: true, lookbackMs: (norms) => norms.lookbackDays * DAY }, (snapshot, norms, ctx) => {
  const found: Candidate[] = [];
  for (const deal of snapshot.deals) {
    const lookbackEnd = deal.createdAt + norms.lookbackDays * DAY;
    if (lookbackEnd <= ctx.window.from) continue;
    const deadline = ctx.time(norms.clock, deal.responsibleId).add(deal.createdAt, norms.minutes * MINUTE);
    if (!holdsIn(ctx.window, deadline, lookbackEnd)) continue;
    const contactedAt = firstContactAt(deal, snapshot);
    if (contactedAt !== null && contactedAt <= deadline) continue;
    const answered = contactedAt !== null && contactedAt <= ctx.window.at;
    found.push(
      dealCandidate(deal, {
        key: `first_contact_slow:${deal.id}`,
        rule: 'first_contact_slow',
        since: deal.createdAt,
        activeFrom: deadline,
        activeUntil: lookbackEnd,
        facts: {
          contactedAt: answered ? contactedAt : null,
          waitedMs: (answered ? contactedAt : ctx.window.at) - deal.createdAt,
          normMs: norms.minutes * MINUTE,
        },
      }),
    );
  }
  return found;
});

/** The first completed task, outgoing call attempt or answered incoming call on the deal, or null if none yet. */
export function firstContactAt(deal: Deal, snapshot: SnapshotIndex): EpochMs | null {
  let first: EpochMs | null = null;
  const consider = (at: EpochMs | null) => {
    if (at !== null && at >= deal.createdAt && (first === null || at < first)) first = at;
  };
  for (const task of snapshot.tasksByDeal.get(deal.id) ?? []) if (task.completed) consider(task.completedAt);
  for (const call of snapshot.contactCallsByDeal.get(deal.id) ?? []) consider(call.at);
  return first;
}
