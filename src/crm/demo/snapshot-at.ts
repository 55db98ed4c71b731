import type { Call, Deal, EpochMs, SnapshotChunk, Stage, StageChange, Task } from '../model';
import type { DemoTimeline } from './generator';

/** Rows per chunk, as a CRM API pages them. */
const PAGE_SIZE = 250;

/**
 * The account as a real CRM would show it at `now`: only what has happened by
 * then, each deal in the stage it was in at that moment, each task done only
 * if it was done by then. Static entities first, then deals and their history.
 */
export function* chunksAt(timeline: DemoTimeline, now: EpochMs): Generator<SnapshotChunk> {
  for (const rows of pages(timeline.userGroups)) yield { entity: 'userGroups', rows };
  for (const rows of pages(timeline.users)) yield { entity: 'users', rows };
  for (const rows of pages(timeline.pipelines)) yield { entity: 'pipelines', rows };
  for (const rows of pages(timeline.stages)) yield { entity: 'stages', rows };
  for (const rows of pages(dealsAt(timeline, now))) yield { entity: 'deals', rows };
  for (const rows of pages(tasksAt(timeline.tasks, now))) yield { entity: 'tasks', rows };
  for (const rows of pages(happened(timeline.stageChanges, now))) yield { entity: 'stageChanges', rows };
  for (const rows of pages(happened(timeline.calls, now))) yield { entity: 'calls', rows };
}

function* pages<T>(rows: Iterable<T>): Generator<T[]> {
  let page: T[] = [];
  for (const row of rows) {
    page.push(row);
    if (page.length === PAGE_SIZE) {
      yield page;
      page = [];
    }
  }
  if (page.length > 0) yield page;
}

function* happened<T extends { at: EpochMs }>(rows: readonly T[], now: EpochMs): Generator<T> {
  for (const row of rows) if (row.at <= now) yield row;
}

function* tasksAt(tasks: readonly Task[], now: EpochMs): Generator<Task> {
  for (const task of tasks) {
    const shown = taskAt(task, now);
    if (shown) yield shown;
  }
}

/** Of calls sorted by time, those made at or after `since` and by `now` (a call is shown once made, and as it was made). */
export function callsBetween(byTime: readonly Call[], since: EpochMs, now: EpochMs): Call[] {
  let lo = 0;
  let hi = byTime.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (byTime[mid]!.at < since) lo = mid + 1;
    else hi = mid;
  }
  const found: Call[] = [];
  for (let i = lo; i < byTime.length && byTime[i]!.at <= now; i += 1) found.push(byTime[i]!);
  return found;
}

/** A timeline's task as the CRM shows it at `now`: none before it was set, done only once it was done. */
export function taskAt(task: Task, now: EpochMs): Task | null {
  if (task.createdAt > now) return null;
  const done = task.completedAt !== null && task.completedAt <= now;
  return done ? task : { ...task, completed: false, completedAt: null };
}

function* dealsAt(timeline: DemoTimeline, now: EpochMs): Generator<Deal> {
  const stages = new Map(timeline.stages.map((s) => [s.id, s]));
  const firstStages = firstStageByPipeline(timeline.stages);
  const lastMoves = lastMovesBy(timeline.stageChanges, now);
  const lastTaskEvents = lastTaskEventsBy(timeline.tasks, now);
  for (const deal of timeline.deals) {
    if (deal.createdAt > now) continue;
    const move = lastMoves.get(deal.id);
    const stageId = move?.toStageId ?? firstStages.get(deal.pipelineId) ?? deal.stageId;
    const enteredAt = move?.at ?? deal.createdAt;
    const kind = stages.get(stageId)?.kind ?? 'open';
    yield {
      ...deal,
      stageId,
      stageEnteredAt: enteredAt,
      closedAt: kind === 'open' ? null : enteredAt,
      lossReason: kind === 'lost' ? deal.lossReason : null,
      updatedAt: Math.max(enteredAt, lastTaskEvents.get(deal.id) ?? deal.createdAt),
    };
  }
}

/** Every demo deal is created in the first stage of its pipeline. */
function firstStageByPipeline(stages: readonly Stage[]): Map<string, string> {
  const first = new Map<string, Stage>();
  for (const stage of stages) {
    const known = first.get(stage.pipelineId);
    if (!known || stage.sort < known.sort) first.set(stage.pipelineId, stage);
  }
  return new Map([...first].map(([pipelineId, stage]) => [pipelineId, stage.id]));
}

/** Each deal's latest stage move made by `now`. */
function lastMovesBy(changes: readonly StageChange[], now: EpochMs): Map<string, StageChange> {
  const last = new Map<string, StageChange>();
  for (const change of changes) {
    if (change.at > now) continue;
    const known = last.get(change.dealId);
    if (!known || change.at >= known.at) last.set(change.dealId, change);
  }
  return last;
}

/** Each deal's latest task set or completed by `now`, which counts as an update of the deal. */
function lastTaskEventsBy(tasks: readonly Task[], now: EpochMs): Map<string, EpochMs> {
  const last = new Map<string, EpochMs>();
  for (const task of tasks) {
    if (task.dealId === null || task.createdAt > now) continue;
    const done = task.completedAt !== null && task.completedAt <= now ? task.completedAt : task.createdAt;
    last.set(task.dealId, Math.max(last.get(task.dealId) ?? 0, done));
  }
  return last;
}
