
import { dealCandidate, holdsIn, defineRule } from './rule';
import type { Candidate } from './types';
import { DAY } from '../time';

/**
 * `lost_without_reason`: a deal closed as lost within the last `lookbackDays`
 * with no loss reason. Since = the moment it was closed.
 */
export const lostWithoutReason = defineRule<'lost_without_reason'>({ lookbackMs: (norms) => norms.lookbackDays * DAY }, (snapshot, norms, ctx) => {
  const found: Candidate[] = [];
  for (const deal of snapshot.deals) {
    if (deal.lossReason || snapshot.stages.get(deal.stageId)?.kind !== 'lost') continue;
    const closedAt = snapshot.closedAt(deal);
    if (closedAt === null) continue;
    const lookbackEnd = closedAt + norms.lookbackDays * DAY;
    if (!holdsIn(ctx.window, closedAt, lookbackEnd)) continue;
    found.push(
      dealCandidate(deal, {
        key: `lost_without_reason:${deal.id}`,
        rule: 'lost_without_reason',
        since: closedAt,
        activeFrom: closedAt,
        activeUntil: lookbackEnd,
        facts: { closedAt },
      }),
    );
  }
  return found;
});
