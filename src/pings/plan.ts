import type { EpochMs, Task } from '../crm/model';
import type { Finding } from '../rules/types';

/** A ping not closed yet, as the plan needs it. */
export interface OpenPing {
  id: number;
  taskId: string;
  dueAt: EpochMs;
  /** When the check first saw it: an escalation is a second word, so it never follows the first within the norm. */
  detectedAt: EpochMs;
  escalatedAt: EpochMs | null;
}

export type PingOutcome = 'done' | 'moved' | 'gone';

export interface Closure {
  pingId: number;
  outcome: PingOutcome;
  /** When it happened: the completion time for `done`, else the check's instant. */
  at: EpochMs;
  /** For `moved`: the task's new due time. */
  newDueAt: EpochMs | null;
}

export interface PingPlan {
  /** Overdue findings nobody was told about yet (task and due time never pinged). */
  fresh: Finding[];
  closures: Closure[];
  /** Pings overdue long enough to tell the supervisor again. */
  escalations: number[];
}

export const pingKey = (taskId: string, dueAt: EpochMs): string => `${taskId}:${dueAt}`;

/**
 * Decides what an overdue check changes, from what the rules see now and
 * what was pinged before. Pure: the caller reads and writes the database.
 */
export function planPings(input: {
  overdue: readonly Finding[];
  open: readonly OpenPing[];
  /** Keys (pingKey) of the pings ever recorded, at least for the overdue tasks: the same task and due time is never pinged twice. */
  pinged: ReadonlySet<string>;
  tasks: ReadonlyMap<string, Task>;
  at: EpochMs;
  escalateAfterMs: number;
}): PingPlan {
  const { overdue, open, pinged, tasks, at, escalateAfterMs } = input;
  const fresh = overdue.filter((f) => f.taskId !== null && !pinged.has(pingKey(f.taskId, f.since)));
  const closures: Closure[] = [];
  const escalations: number[] = [];
  for (const ping of open) {
    const task = tasks.get(ping.taskId);
    if (!task) closures.push({ pingId: ping.id, outcome: 'gone', at, newDueAt: null });
    else if (task.completed) closures.push({ pingId: ping.id, outcome: 'done', at: task.completedAt ?? at, newDueAt: null });
    else if (task.dueAt !== ping.dueAt) closures.push({ pingId: ping.id, outcome: 'moved', at, newDueAt: task.dueAt });
    else if (ping.escalatedAt === null && at - Math.max(ping.dueAt, ping.detectedAt) >= escalateAfterMs) escalations.push(ping.id);
  }
  return { fresh, closures, escalations };
}
