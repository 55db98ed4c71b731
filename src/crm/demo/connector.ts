import type { Clock } from '../../clock';
import type { LiveConnector } from '../connector';
import type { EpochMs, SnapshotChunk, Task } from '../model';
import { isoWeekStart } from './calendar';
import { generateDemoAccount, type DemoTimeline } from './generator';
import { chunksAt, taskAt } from './snapshot-at';

export interface DemoConnectorOptions {
  seed: number;
  clock: Clock;
  /** Multiplies the number of deals (see generateDemoAccount). */
  scale?: number;
}

/** An obviously non-real host: demo deal links must not lead anywhere. */
const DEMO_HOST = 'https://demo.crm-qc.example';

/**
 * The embedded demo CRM. The account is a timeline built around the current
 * ISO week and played as the clock moves: each sync sees what has happened
 * by now, so tasks due later today turn overdue while the demo runs.
 */
export function createDemoConnector(options: DemoConnectorOptions): LiveConnector {
  // One week's timeline is kept: rebuilding it for every sync would waste seconds on large scales.
  let cached: { timeline: DemoTimeline; tasksById: Map<string, Task> | null } | null = null;
  const weekOf = (now: EpochMs) => {
    const anchor = isoWeekStart(now);
    if (cached?.timeline.anchor !== anchor) cached = { timeline: generateDemoAccount({ seed: options.seed, anchor, scale: options.scale }), tasksById: null };
    return cached;
  };
  return {
    kind: 'demo',
    async *fetchFull(): AsyncIterable<SnapshotChunk> {
      const now = options.clock.now().getTime();
      yield* chunksAt(weekOf(now).timeline, now);
    },
    /**
     * The tasks as a sync at the clock's now would show them (the same
     * `taskAt` the snapshot is played with), looked up by id in the week's
     * timeline: no request, and no walk over the account once the index is
     * built (once a week, with the timeline). Ids the timeline does not hold,
     * or holds only later, are absent.
     */
    async readTasks(ids, { signal } = {}): Promise<Task[]> {
      signal?.throwIfAborted();
      if (ids.length === 0) return [];
      const now = options.clock.now().getTime();
      const week = weekOf(now);
      week.tasksById ??= new Map(week.timeline.tasks.map((t) => [t.id, t]));
      const byId = week.tasksById;
      return [...new Set(ids)].flatMap((id) => {
        const task = byId.get(id);
        const shown = task ? taskAt(task, now) : null;
        return shown ? [shown] : [];
      });
    },
    dealUrl: (dealId) => `${DEMO_HOST}/leads/detail/${encodeURIComponent(dealId)}`,
  };
}
