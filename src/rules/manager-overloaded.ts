import type { Deal } from '../crm/model';
import { defineRule } from './rule';
import type { Candidate } from './types';

/**
 * `manager_overloaded`: a manager with more than `maxOpenDeals` open deals at
 * the evaluation instant; one finding per manager, no deal. Since = when the
 * deal that took the manager over the limit arrived. A state rule: judged at
 * the end of the window only.
 */
export const managerOverloaded = defineRule<'manager_overloaded'>({ judgedAtWindowEnd: true }, (snapshot, norms, ctx) => {
  const { at } = ctx.window;
  const openByManager = new Map<string, Deal[]>();
  for (const deal of snapshot.deals) {
    if (deal.responsibleId === null || !snapshot.isOpenAt(deal, at)) continue;
    const list = openByManager.get(deal.responsibleId) ?? [];
    list.push(deal);
    openByManager.set(deal.responsibleId, list);
  }
  const found: Candidate[] = [];
  for (const [managerId, open] of openByManager) {
    if (open.length <= norms.maxOpenDeals) continue;
    const arrivals = open.map((d) => d.createdAt).sort((a, b) => a - b);
    const since = arrivals[norms.maxOpenDeals] ?? at;
    found.push({
      key: `manager_overloaded:${managerId}`,
      rule: 'manager_overloaded',
      dealId: null,
      taskId: null,
      managerId,
      pipelineId: null,
      stageId: null,
      amount: null,
      since,
      activeFrom: Math.min(since, at - 1),
      activeUntil: null,
      facts: { openDeals: open.length, maxOpenDeals: norms.maxOpenDeals },
    });
  }
  return found;
});
