import { holdsIn, taskCandidate, defineRule } from './rule';
import type { Candidate } from './types';

/** `task_without_deadline`: an incomplete task with no due time. Since = the task's creation. */
export const taskWithoutDeadline = defineRule<'task_without_deadline'>({}, (snapshot, _norms, ctx) => {
  const found: Candidate[] = [];
  for (const task of snapshot.tasks) {
    if (task.dueAt !== null) continue;
    if ((task.completed && task.completedAt === null) || !holdsIn(ctx.window, task.createdAt, task.completedAt)) continue;
    const deal = task.dealId ? snapshot.dealById.get(task.dealId) : undefined;
    found.push(
      taskCandidate(task, deal, {
        key: `task_without_deadline:${task.id}`,
        rule: 'task_without_deadline',
        since: task.createdAt,
        activeFrom: task.createdAt,
        activeUntil: task.completedAt,
        facts: { task: task.text, taskType: task.type || null, createdAt: task.createdAt },
      }),
    );
  }
  return found;
});
