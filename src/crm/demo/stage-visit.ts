import type { EpochMs } from '../model';
import { atWork, HOUR, MINUTE } from './calendar';
import type { Customer } from './customers';
import type { DemoStage } from './pipelines';
import type { Random } from './random';
import { MAX_ROWS_PER_DEAL, pushTask, type Story } from './story';
import { completionTime, deadline } from './task-timing';

/** A deal's stay in one open stage. */
export interface Visit {
  stage: DemoStage;
  enteredAt: EpochMs;
  /** The deal stalls here: it does not move on, and its tasks thin out or hang. */
  stalls: boolean;
  /** On a stalled deal, the chance that a completed task gets a follow-up. */
  keepAlive: number;
  /** When a stalled deal is finally swept out of the stage (closed as lost), or null if never. */
  sweptAt: EpochMs | null;
}

/** Share of tasks set without a deadline (Bitrix24 allows it; some amoCRM widgets too). */
const NO_DEADLINE = 0.015;
/** Share of completed tasks after which the next one is set only hours later. */
const GAP_AFTER_TASK = 0.08;
/** Share of leads that wait hours for the first contact instead of minutes. */
const SLOW_FIRST_CONTACT = 0.1;
/** Share of first contacts made by a call rather than a chat message. */
const FIRST_CONTACT_BY_CALL = 0.8;
/** The trigger on a new lead sets its first task due this soon: the speed-to-lead norm. */
const FIRST_CONTACT_DUE = 15 * MINUTE;
/** On a stalled deal, reminders are set days ahead («связаться позже»). */
const REMINDER_HOURS = 168;

/** Plays a visit from its entry: returns when the deal leaves the stage, or null if not before the horizon. */
export function playVisit(story: Story, visit: Visit): EpochMs | null {
  return continueVisit(story, visit, addTask(story, visit, visit.enteredAt));
}

/** Plays the deal's first stage, which opens with the trigger's first-contact task. */
export function playFirstVisit(story: Story, visit: Visit): EpochMs | null {
  return continueVisit(story, visit, firstContact(story, visit));
}

/**
 * After each completed task the deal either moves on or gets another task.
 * A stalled deal does not move on: it keeps getting reminders while someone
 * keeps it alive, and leaves the stage only when it is swept out.
 */
function continueVisit(story: Story, visit: Visit, firstDone: EpochMs | null): EpochMs | null {
  const { rng } = story;
  let done = firstDone;
  while (done !== null) {
    if (!visit.stalls && rng.chance(visit.stage.advance)) return atWork(done + rng.duration(10 * MINUTE, 1), rng);
    if (visit.stalls && !rng.chance(visit.keepAlive)) break;
    const next = rng.chance(GAP_AFTER_TASK) ? atWork(done + rng.duration(5 * HOUR, 0.8), rng) : done;
    if (visit.sweptAt !== null && next >= visit.sweptAt) break;
    if (next > story.horizon) return null;
    if (story.taskSeq >= MAX_ROWS_PER_DEAL) break;
    done = addTask(story, visit, next);
  }
  return visit.sweptAt;
}

/**
 * Sets one of the stage's tasks at `createdAt`; returns when it gets done, or
 * null if it hangs. Only a stalled deal's tasks hang (until the deal is swept
 * out, if ever); on a moving deal someone ticks them off, if late.
 */
function addTask(story: Story, visit: Visit, createdAt: EpochMs): EpochMs | null {
  const { rng, manager } = story;
  const template = rng.pick(visit.stage.tasks);
  const hours = visit.stalls ? Math.max(visit.stage.dueHours, REMINDER_HOURS) : visit.stage.dueHours;
  const dueAt = deadline(rng, createdAt, hours);
  const hangs = visit.stalls && rng.chance(manager.neglect);
  const doneAt = hangs ? visit.sweptAt : bySweep(completionTime(rng, manager, createdAt, dueAt), visit);
  pushTask(story, { ...template, createdAt, dueAt: rng.chance(NO_DEADLINE) ? null : dueAt, doneAt });
  return hangs ? null : doneAt;
}

/** Whoever sweeps a stalled deal out ticks off its open task at the same moment. */
function bySweep(doneAt: EpochMs, visit: Visit): EpochMs {
  return visit.sweptAt === null ? doneAt : Math.min(doneAt, visit.sweptAt);
}

/** The first-contact task a trigger sets the moment a lead arrives; returns when contact was made, or null if never. */
function firstContact(story: Story, visit: Visit): EpochMs | null {
  const { rng } = story;
  const createdAt = visit.enteredAt;
  const byCall = rng.chance(FIRST_CONTACT_BY_CALL);
  // The seed's «500 deals hung at the first stage»: some stalled leads are never contacted.
  const neverContacted = visit.stalls && rng.chance(story.manager.neglect * 3);
  const doneAt = neverContacted ? visit.sweptAt : bySweep(atWork(createdAt + firstContactDelay(rng), rng), visit);
  pushTask(story, {
    type: byCall ? 'Позвонить' : 'Написать',
    text: firstContactText(byCall, story.named ? story.customer : null),
    createdAt,
    dueAt: createdAt + FIRST_CONTACT_DUE,
    doneAt,
  });
  return neverContacted ? null : doneAt;
}

function firstContactDelay(rng: Random): number {
  if (rng.chance(SLOW_FIRST_CONTACT)) return rng.duration(2 * HOUR, 0.7);
  return Math.min(rng.duration(4 * MINUTE, 0.6), FIRST_CONTACT_DUE - MINUTE);
}

/** What a manager writes into the first-contact task: with the customer's name and phone where the lead left them. */
function firstContactText(byCall: boolean, customer: Customer | null): string {
  if (!customer) return byCall ? 'Связаться с клиентом по новой заявке' : 'Ответить клиенту в чате Авито';
  return byCall ? `Новая заявка: ${customer.name}, ${customer.phone} — перезвонить` : `Ответить в чате Авито: ${customer.name}`;
}
