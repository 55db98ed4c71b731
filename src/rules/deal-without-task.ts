import type { Deal, EpochMs, Task } from '../crm/model';

import { activeIn, dealCandidate, endedBefore, measuredUntil, defineRule } from './rule';
import type { SnapshotIndex } from './snapshot-index';
import type { Candidate } from './types';
import { MINUTE } from '../time';

/**
 * `deal_without_task`: an open deal with no incomplete task for longer than
 * the grace, counted from the later of the deal's creation and its last task's
 * completion. Since = that moment. Each such gap in a deal's life is a finding.
 */
export const dealWithoutTask = defineRule<'deal_without_task'>({}, (snapshot, norms, ctx) => {
  const found: Candidate[] = [];
  for (const deal of snapshot.deals) {
    if (endedBefore(snapshot.closedAt(deal), ctx.window)) continue;
    const time = ctx.time(norms.clock, deal.responsibleId);
    for (const gap of gapsWithoutTask(deal, snapshot)) {
      if (endedBefore(gap.end, ctx.window)) continue;
      const activeFrom = time.add(gap.start, norms.graceMinutes * MINUTE);
      if (!activeIn(ctx.window, activeFrom, gap.end)) continue;
      found.push(
        dealCandidate(deal, {
          key: `deal_without_task:${deal.id}:${gap.start}`,
          rule: 'deal_without_task',
          since: gap.start,
          activeFrom,
          activeUntil: gap.end,
          facts: { withoutTaskMs: measuredUntil(gap.end, ctx.window.at) - gap.start },
        }),
      );
    }
  }
  return found;
});

interface Gap {
  start: EpochMs;
  end: EpochMs | null;
}

/** The stretches of the deal's open life during which it had no incomplete task. */
export function gapsWithoutTask(deal: Deal, snapshot: SnapshotIndex): Gap[] {
  const closedAt = snapshot.closedAt(deal);
  const tasks = [...(snapshot.tasksByDeal.get(deal.id) ?? [])].sort((a, b) => a.createdAt - b.createdAt);
  const gaps: Gap[] = [];
  let coveredUntil: EpochMs | null = deal.createdAt;
  for (const task of tasks) {
    if (coveredUntil === null || (closedAt !== null && task.createdAt >= closedAt)) break;
    if (task.createdAt > coveredUntil) gaps.push({ start: coveredUntil, end: task.createdAt });
    coveredUntil = laterEnd(coveredUntil, taskEnd(task));
  }
  if (coveredUntil !== null && (closedAt === null || coveredUntil < closedAt)) {
    gaps.push({ start: coveredUntil, end: closedAt });
  }
  return gaps;
}

/** When the task stopped covering its deal: its completion, or never. */
function taskEnd(task: Task): EpochMs | null {
  if (!task.completed) return null;
  return task.completedAt ?? task.createdAt;
}

function laterEnd(a: EpochMs, b: EpochMs | null): EpochMs | null {
  return b === null ? null : Math.max(a, b);
}
