import type { Deal, EpochMs } from '../crm/model';
import { dealCandidate, defineRule } from './rule';
import type { SnapshotIndex } from './snapshot-index';
import type { Candidate } from './types';

/**
 * `high_value_unattended`: an open deal worth at least `minAmount` that has
 * no incomplete task, or has an overdue one, at the evaluation instant.
 * Since = when it was left without a task, or the earliest overdue due time.
 * A state rule: judged at the end of the window only.
 */
export const highValueUnattended = defineRule<'high_value_unattended'>({ judgedAtWindowEnd: true }, (snapshot, norms, ctx) => {
  const { at } = ctx.window;
  const found: Candidate[] = [];
  for (const deal of snapshot.deals) {
    if (deal.price < norms.minAmount || !snapshot.isOpenAt(deal, at)) continue;
    const state = attentionAt(deal, snapshot, at);
    if (state === null) continue;
    found.push(
      dealCandidate(deal, {
        key: `high_value_unattended:${deal.id}`,
        rule: 'high_value_unattended',
        since: state.since,
        activeFrom: Math.min(state.since, at - 1),
        activeUntil: null,
        facts: { reason: state.reason, price: deal.price },
      }),
    );
  }
  return found;
});

interface Unattended {
  reason: 'no_task' | 'overdue_task';
  since: EpochMs;
}

/** Why the deal lacks attention at `at`, or null if it has a task in time. */
function attentionAt(deal: Deal, snapshot: SnapshotIndex, at: EpochMs): Unattended | null {
  let lastCompletion = deal.createdAt;
  let earliestOverdue: EpochMs | null = null;
  let hasOpenTask = false;
  for (const task of snapshot.tasksByDeal.get(deal.id) ?? []) {
    if (task.createdAt > at) continue;
    const doneBy = task.completed ? (task.completedAt ?? task.createdAt) : null;
    if (doneBy !== null && doneBy <= at) {
      lastCompletion = Math.max(lastCompletion, doneBy);
      continue;
    }
    hasOpenTask = true;
    if (task.dueAt !== null && task.dueAt < at) earliestOverdue = Math.min(earliestOverdue ?? task.dueAt, task.dueAt);
  }
  if (!hasOpenTask) return { reason: 'no_task', since: lastCompletion };
  return earliestOverdue === null ? null : { reason: 'overdue_task', since: earliestOverdue };
}
