
import { activeIn, dealCandidate, endedBefore, measuredUntil, defineRule } from './rule';
import type { Candidate } from './types';
import { HOUR } from '../time';

/**
 * `stage_time_exceeded`: an open deal whose time in its stage exceeds the norm
 * for that stage (`stages[stageId]`, else `hours`). Since = the moment the
 * norm was exceeded. Every over-long visit in the deal's history counts.
 */
export const stageTimeExceeded = defineRule<'stage_time_exceeded'>({}, (snapshot, norms, ctx) => {
  const found: Candidate[] = [];
  for (const deal of snapshot.deals) {
    if (endedBefore(snapshot.closedAt(deal), ctx.window)) continue;
    const time = ctx.time(norms.clock, deal.responsibleId);
    for (const visit of snapshot.stageVisits(deal)) {
      if (endedBefore(visit.leftAt, ctx.window) || snapshot.stages.get(visit.stageId)?.kind !== 'open') continue;
      const normMs = (norms.stages[visit.stageId] ?? norms.hours) * HOUR;
      const exceededAt = time.add(visit.enteredAt, normMs);
      if (!activeIn(ctx.window, exceededAt, visit.leftAt)) continue;
      found.push(
        dealCandidate(
          deal,
          {
            key: `stage_time_exceeded:${deal.id}:${visit.stageId}:${visit.enteredAt}`,
            rule: 'stage_time_exceeded',
            since: exceededAt,
            activeFrom: exceededAt,
            activeUntil: visit.leftAt,
            facts: {
              enteredAt: visit.enteredAt,
              inStageMs: measuredUntil(visit.leftAt, ctx.window.at) - visit.enteredAt,
              normMs,
            },
          },
          visit.stageId,
        ),
      );
    }
  }
  return found;
});
