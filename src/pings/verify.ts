import type { Call, EpochMs, Task } from '../crm/model';

/** What the CRM said, just now, of the tasks it was asked about, laid over the snapshot. */
export interface TaskCheck {
  /** The snapshot's tasks, those asked about as the CRM has them now; the ones it no longer has left out. */
  tasks: Task[];
  /** The CRM's rows of the tasks asked about, to write into the snapshot. */
  confirmed: Task[];
  /** Asked about and gone from the CRM: to delete from the snapshot. */
  deleted: string[];
}

/**
 * Overlays the CRM's answer on the snapshot's tasks: what the CRM says of a
 * task it was asked about wins over the snapshot (done, moved, deleted since
 * the last sync); tasks not asked about stay as the snapshot has them.
 * Pure: the overdue check reads the CRM and writes the result.
 */
export function overlayCrmTasks(snapshot: readonly Task[], asked: readonly string[], current: readonly Task[]): TaskCheck {
  const askedIds = new Set(asked);
  const now = new Map(current.filter((t) => askedIds.has(t.id)).map((t): [string, Task] => [t.id, t]));
  const tasks: Task[] = [];
  for (const task of snapshot) {
    if (!askedIds.has(task.id)) tasks.push(task);
    else {
      const fresh = now.get(task.id);
      if (fresh) tasks.push(fresh);
    }
  }
  return { tasks, confirmed: [...now.values()], deleted: asked.filter((id) => !now.has(id)) };
}

/** What the CRM said, just now, of the calls from an instant on, laid over the snapshot. */
export interface CallCheck {
  /** The snapshot's calls, with the CRM's from `since` on in place of (or beside) the snapshot's. */
  calls: Call[];
  /** The CRM's calls from `since` on, to write into the snapshot. */
  confirmed: Call[];
}

/**
 * Overlays the CRM's calls from `since` on over the snapshot's: a callback
 * made since the last sync is seen before anyone is told the call was not
 * returned. A call the snapshot has and the CRM did not list stays: a call
 * is not deleted in a CRM, and a missed list would otherwise drop a callback.
 * Pure.
 */
export function overlayCrmCalls(snapshot: readonly Call[], since: EpochMs, current: readonly Call[]): CallCheck {
  const confirmed = current.filter((call) => call.at >= since);
  const fresh = new Set(confirmed.map((call) => call.id));
  return { calls: [...snapshot.filter((call) => !fresh.has(call.id)), ...confirmed], confirmed };
}
