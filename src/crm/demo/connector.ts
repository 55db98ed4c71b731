import type { Clock } from '../../clock';
import type { LiveConnector } from '../connector';
import type { Call, EpochMs, SnapshotChunk, Task } from '../model';
import { isoWeekStart } from './calendar';
import { generateDemoAccount, type DemoTimeline } from './generator';
import { callsBetween, chunksAt, taskAt } from './snapshot-at';
import { welcomeTasks } from './welcome-tasks';

export interface DemoConnectorOptions {
  seed: number;
  clock: Clock;
  /** Multiplies the number of deals (see generateDemoAccount). */
  scale?: number;
  /** When each demo user was linked to Telegram, read at each sync: the demo answers a new link with a task (welcome-tasks.ts). */
  linkedAt?: () => ReadonlyMap<string, EpochMs>;
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
  let cached: { timeline: DemoTimeline; tasksById: Map<string, Task> | null; callsByTime: Call[] | null } | null = null;
  const weekOf = (now: EpochMs) => {
    const anchor = isoWeekStart(now);
    if (cached?.timeline.anchor !== anchor) {
      cached = { timeline: generateDemoAccount({ seed: options.seed, anchor, scale: options.scale }), tasksById: null, callsByTime: null };
    }
    return cached;
  };
  /** The tasks the demo gave users it saw linked (a handful; read afresh, links change). */
  const welcomesIn = (timeline: DemoTimeline): Task[] => (options.linkedAt ? welcomeTasks(timeline, options.linkedAt()) : []);
  /** The week's timeline with those tasks. */
  const playedAt = (now: EpochMs): DemoTimeline => {
    const { timeline } = weekOf(now);
    const welcomes = welcomesIn(timeline);
    return welcomes.length === 0 ? timeline : { ...timeline, tasks: [...timeline.tasks, ...welcomes] };
  };
  return {
    kind: 'demo',
    reactsToLinks: options.linkedAt !== undefined,
    async *fetchFull(): AsyncIterable<SnapshotChunk> {
      const now = options.clock.now().getTime();
      yield* chunksAt(playedAt(now), now);
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
      const welcomes = new Map(welcomesIn(week.timeline).map((t) => [t.id, t]));
      return [...new Set(ids)].flatMap((id) => {
        const task = byId.get(id) ?? welcomes.get(id);
        const shown = task ? taskAt(task, now) : null;
        return shown ? [shown] : [];
      });
    },
    /**
     * The calls a sync at the clock's now would show, from `since` on: a
     * call never changes once made, so these are the week's calls made at or
     * after `since` and by now, in time order. Read from the timeline's calls
     * sorted once a week, like the tasks' index: a look-up, not a walk.
     */
    async readCallsSince(since, { signal } = {}): Promise<Call[]> {
      signal?.throwIfAborted();
      const now = options.clock.now().getTime();
      const week = weekOf(now);
      week.callsByTime ??= [...week.timeline.calls].sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      return callsBetween(week.callsByTime, since, now);
    },
    dealUrl: (dealId) => `${DEMO_HOST}/leads/detail/${encodeURIComponent(dealId)}`,
  };
}
