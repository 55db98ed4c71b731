
import { activeIn, measuredUntil, taskCandidate, defineRule } from './rule';
import type { Candidate } from './types';
import { MINUTE } from '../time';

/**
 * `task_overdue`: a task not completed whose due time + grace is before the
 * evaluation instant. Since = the due time. A moved due time is a new finding.
 */
export const taskOverdue = defineRule<'task_overdue'>({}, (snapshot, norms, ctx) => {
  const found: Candidate[] = [];
  for (const task of snapshot.tasks) {
    if (task.dueAt === null) continue;
    // A task marked done without a completion time cannot be judged: skip rather than guess.
    if (task.completed && task.completedAt === null) continue;
    const activeUntil = task.completedAt;
    // Skipped before working out the grace, which can be costly on the working clock.
    if (task.dueAt >= ctx.window.at || (activeUntil !== null && activeUntil <= ctx.window.from)) continue;
    const activeFrom = ctx.time(norms.clock, task.responsibleId).add(task.dueAt, norms.graceMinutes * MINUTE);
    if (!activeIn(ctx.window, activeFrom, activeUntil)) continue;
    const deal = task.dealId ? snapshot.dealById.get(task.dealId) : undefined;
    found.push(
      taskCandidate(task, deal, {
        key: `task_overdue:${task.id}:${task.dueAt}`,
        rule: 'task_overdue',
        since: task.dueAt,
        activeFrom,
        activeUntil,
        facts: {
          task: task.text,
          // What a group chat may name the task by, where its text is not shown (src/privacy/policy.ts).
          taskType: task.type || null,
          dueAt: task.dueAt,
          lateMs: measuredUntil(activeUntil, ctx.window.at) - task.dueAt,
        },
      }),
    );
  }
  return found;
});
