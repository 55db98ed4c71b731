
import { activeIn, dealCandidate, measuredUntil, defineRule } from './rule';
import type { Candidate } from './types';
import { DAY } from '../time';

/**
 * `deal_lifetime_exceeded`: an open deal older than `days` since creation
 * (`pipelines[pipelineId]`, else `days`): the seed's 7-day rule. Calendar days.
 */
export const dealLifetimeExceeded = defineRule<'deal_lifetime_exceeded'>({}, (snapshot, norms, ctx) => {
  const found: Candidate[] = [];
  for (const deal of snapshot.deals) {
    const normMs = (norms.pipelines[deal.pipelineId] ?? norms.days) * DAY;
    const exceededAt = deal.createdAt + normMs;
    const closedAt = snapshot.closedAt(deal);
    if (!activeIn(ctx.window, exceededAt, closedAt)) continue;
    found.push(
      dealCandidate(deal, {
        key: `deal_lifetime_exceeded:${deal.id}`,
        rule: 'deal_lifetime_exceeded',
        since: exceededAt,
        activeFrom: exceededAt,
        activeUntil: closedAt,
        facts: { createdAt: deal.createdAt, ageMs: measuredUntil(closedAt, ctx.window.at) - deal.createdAt, normMs },
      }),
    );
  }
  return found;
});
