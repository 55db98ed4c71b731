import type { Call, EpochMs, StageChange, Task } from '../model';
import type { DemoManager } from './account';
import type { Customer } from './customers';
import { DAY, isWorkday, isWorkingTime, moscowDay, moscowTime, nextWorkday } from './calendar';
import type { TaskType } from './pipelines';
import type { Random } from './random';

/** Where generated rows go: the timeline's growing lists. */
export interface TimelineSink {
  tasks: Task[];
  stageChanges: StageChange[];
  calls: Call[];
}

/** The running state of one deal's story while it is being written. */
export interface Story {
  rng: Random;
  dealNo: number;
  dealId: string;
  manager: DemoManager;
  /** The person the deal is named after, if any: their name and phone go into task texts too. */
  customer: Customer | null;
  /** Nothing that would happen after this is written. */
  horizon: EpochMs;
  sink: TimelineSink;
  taskSeq: number;
  changeSeq: number;
  callSeq: number;
  /** The latest thing that happened to the deal, which becomes its updatedAt. */
  lastEvent: EpochMs;
}

/** A deal's rows get ids dealNo·100 + n, so each deal has room for this many of each kind. */
export const MAX_ROWS_PER_DEAL = 99;

/** Share of completed call tasks whose call the telephony integration logged. */
const CALL_LOGGED = 0.85;
/** Share of deals whose client calls in at some point. */
const INCOMING_CALL = 0.3;
/** Share of in-hours incoming calls nobody picks up. */
const MISSED_AT_WORK = 0.1;

/** A task about to be recorded; `doneAt` null means it is never completed. */
export interface TaskDraft {
  type: TaskType;
  text: string;
  createdAt: EpochMs;
  dueAt: EpochMs | null;
  doneAt: EpochMs | null;
}

/** Records a task on the deal; a completed call task also leaves the call it was. */
export function pushTask(story: Story, draft: TaskDraft): void {
  story.taskSeq += 1;
  story.sink.tasks.push({
    id: rowId(story, story.taskSeq),
    dealId: story.dealId,
    responsibleId: story.manager.id,
    text: draft.text,
    type: draft.type,
    dueAt: draft.dueAt,
    completed: draft.doneAt !== null,
    completedAt: draft.doneAt,
    createdAt: draft.createdAt,
  });
  touch(story, draft.createdAt);
  if (draft.doneAt === null) return;
  touch(story, draft.doneAt);
  if (draft.type === 'Позвонить' && story.rng.chance(CALL_LOGGED)) {
    const seconds = Math.round(story.rng.duration(150, 0.8));
    // The manager ticks the task off when the call ends.
    pushCall(story, 'out', false, Math.max(draft.createdAt, draft.doneAt - seconds * 1000), seconds);
  }
}

/** Records the deal's move from one stage to another. */
export function pushChange(story: Story, fromStageId: string, toStageId: string, at: EpochMs): void {
  story.changeSeq += 1;
  story.sink.stageChanges.push({
    id: rowId(story, story.changeSeq),
    dealId: story.dealId,
    fromStageId,
    toStageId,
    at,
    byUserId: story.manager.id,
  });
  touch(story, at);
}

/** Now and then the client calls in on a weekday; off hours, or by bad luck, nobody answers. */
export function maybeIncomingCall(story: Story, createdAt: EpochMs): void {
  const { rng } = story;
  if (!rng.chance(INCOMING_CALL)) return;
  let day = moscowDay(createdAt + rng.duration(DAY, 1.2));
  if (!isWorkday(day)) day = nextWorkday(day);
  const at = Math.max(createdAt, moscowTime(day, rng.float(8.5, 20.5)));
  const missed = !isWorkingTime(at) || rng.chance(MISSED_AT_WORK);
  pushCall(story, 'in', missed, at, missed ? 0 : Math.round(rng.duration(120, 0.7)));
}

function pushCall(story: Story, direction: Call['direction'], missed: boolean, at: EpochMs, seconds: number): void {
  if (story.callSeq >= MAX_ROWS_PER_DEAL) return;
  // Count the call even past the horizon, so call ids do not depend on where the timeline ends.
  story.callSeq += 1;
  if (at > story.horizon) return;
  story.sink.calls.push({
    id: rowId(story, story.callSeq),
    direction,
    missed,
    userId: story.manager.id,
    dealId: story.dealId,
    contactId: null,
    companyId: null,
    phoneKey: null,
    phoneTail: null,
    at,
    durationSec: seconds,
  });
}

function rowId(story: Story, seq: number): string {
  return String(story.dealNo * 100 + seq);
}

/** Events past the horizon are the future: they must not show in updatedAt. */
function touch(story: Story, at: EpochMs): void {
  if (at <= story.horizon && at > story.lastEvent) story.lastEvent = at;
}
