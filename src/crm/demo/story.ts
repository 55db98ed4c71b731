import type { Call, EpochMs, StageChange, Task } from '../model';
import { phoneFields } from '../phone';
import type { DemoManager } from './account';
import { dialledNumber, type Customer } from './customers';
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
  /**
   * The telephony's own draws (which card a call is filed on, how the number
   * is written): a stream apart from `rng`, so giving calls numbers changed
   * nothing else of the deal's story.
   */
  telephony: Random;
  dealNo: number;
  dealId: string;
  manager: DemoManager;
  /** The deal's customer: the contact its calls are with. */
  customer: Customer;
  /** Whether the deal is named after the customer: their name and phone then go into task texts too. */
  named: boolean;
  /** Nothing that would happen after this is written. */
  horizon: EpochMs;
  sink: TimelineSink;
  taskSeq: number;
  changeSeq: number;
  callSeq: number;
  /** When the client called and nobody answered, if they did: the call its return (call-back.ts) answers. */
  missedAt: EpochMs | null;
  /** When the story talked to the client or tried to (outgoing calls, answered incoming ones), as recorded. */
  contactTimes: EpochMs[];
  /** The latest thing that happened to the deal, which becomes its updatedAt. */
  lastEvent: EpochMs;
}

/** A deal's rows get ids dealNo·100 + n, so each deal has room for this many of each kind. */
export const MAX_ROWS_PER_DEAL = 99;
/**
 * The call that returns the deal's missed call is written after the story
 * (it depends on what the story did), so it takes the last id of the deal's
 * range and the story's calls keep theirs, returned or not.
 */
export const RETURN_CALL_SEQ = MAX_ROWS_PER_DEAL;

/** Share of completed call tasks whose call the telephony integration logged. */
const CALL_LOGGED = 0.85;
/** Share of deals whose client calls in at some point. */
const INCOMING_CALL = 0.3;
/** Share of in-hours incoming calls nobody picks up. */
const MISSED_AT_WORK = 0.1;
/**
 * Share of calls the CRM files on the client's contact card instead of the
 * deal, as amoCRM does when the contact has more than one deal or the
 * telephony found the contact first.
 */
const ON_CONTACT_CARD = 0.15;

/** A call about to be recorded; `missed` only ever for an incoming one. */
export interface CallDraft {
  direction: Call['direction'];
  missed: boolean;
  at: EpochMs;
  seconds: number;
}

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
    pushCall(story, { direction: 'out', missed: false, at: Math.max(draft.createdAt, draft.doneAt - seconds * 1000), seconds });
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
  pushCall(story, { direction: 'in', missed, at, seconds: missed ? 0 : Math.round(rng.duration(120, 0.7)) });
  if (missed && at <= story.horizon) story.missedAt = at;
}

/** Records the story's next call. */
function pushCall(story: Story, draft: CallDraft): void {
  // The last id is kept for the return of a missed call.
  if (story.callSeq >= RETURN_CALL_SEQ - 1) return;
  // Count the call even past the horizon, so call ids do not depend on where the timeline ends.
  story.callSeq += 1;
  recordCall(story, story.callSeq, draft, story.telephony);
}

/**
 * Records a call with the deal's customer as the CRM files it: on the deal,
 * or now and then on the customer's contact card (no deal then), with the
 * customer's number as the telephony wrote it, kept as the bot keeps it.
 */
export function recordCall(story: Story, seq: number, draft: CallDraft, rng: Random): void {
  // Drawn before the horizon check too, so a call's draws do not depend on where the timeline ends.
  const onCard = rng.chance(ON_CONTACT_CARD);
  const number = dialledNumber(story.customer, rng);
  if (draft.at > story.horizon) return;
  story.sink.calls.push({
    id: rowId(story, seq),
    direction: draft.direction,
    missed: draft.missed,
    userId: story.manager.id,
    dealId: onCard ? null : story.dealId,
    contactId: onCard ? story.customer.contactId : null,
    companyId: null,
    ...phoneFields(number),
    at: draft.at,
    durationSec: draft.seconds,
  });
  // An attempt counts as contact whether or not the client picked up; a missed incoming call does not.
  if (draft.direction === 'out' || !draft.missed) story.contactTimes.push(draft.at);
}

function rowId(story: Story, seq: number): string {
  return String(story.dealNo * 100 + seq);
}

/** Events past the horizon are the future: they must not show in updatedAt. */
function touch(story: Story, at: EpochMs): void {
  if (at <= story.horizon && at > story.lastEvent) story.lastEvent = at;
}
