import type { EpochMs } from '../model';
import type { DemoManager } from './account';
import { atWork, HOUR, isWorkday, isWorkingTime, MINUTE, moscowDay, moscowTime, morningOf, nextWorkday } from './calendar';
import type { Random } from './random';

/** Chance that a late task slips one more working day. */
const SLIPS_ANOTHER_DAY = 0.2;

/** Nobody sets a task due the very minute they set it. */
const MIN_LEAD_TIME = 30 * MINUTE;

/**
 * A deadline about `hours` after `createdAt`, landing in working hours. One
 * that would fall outside them is set for some time of the next working day,
 * as people do («завтра в 14:00»), not all for its first hour: a manager's
 * due times spread over the day.
 */
export function deadline(rng: Random, createdAt: EpochMs, hours: number): EpochMs {
  const due = duringWork(createdAt + Math.max(rng.duration(hours * HOUR, 0.5), MIN_LEAD_TIME), rng);
  // People set due times on the minute.
  return Math.ceil(due / MINUTE) * MINUTE;
}

/** Deadlines moved into a working day land between these hours (Moscow): the account's default day, 09:00–18:00, less its edges. */
const DUE_FROM_HOUR = 9.5;
const DUE_TO_HOUR = 17.5;

/** `at` itself in working hours; else a time through the next working day. */
function duringWork(at: EpochMs, rng: Random): EpochMs {
  if (isWorkingTime(at)) return at;
  const day = moscowDay(at);
  const sameDay = at < moscowTime(day, DUE_FROM_HOUR) && isWorkday(day);
  return moscowTime(sameDay ? day : nextWorkday(day), rng.float(DUE_FROM_HOUR, DUE_TO_HOUR));
}

/**
 * When the manager completes a task: before the deadline as often as they are
 * punctual, otherwise late — mostly the next working morning, now and then days later.
 */
export function completionTime(rng: Random, manager: DemoManager, createdAt: EpochMs, dueAt: EpochMs): EpochMs {
  if (!rng.chance(manager.punctuality)) return lateCompletion(rng, dueAt);
  const planned = atWork(createdAt + Math.round((dueAt - createdAt) * rng.float(0.1, 0.95)), rng);
  // Working-hours snapping may push past the deadline; a punctual manager still makes it.
  return Math.max(createdAt + MINUTE, Math.min(planned, dueAt - MINUTE));
}

/** A missed task is cleared with the morning backlog of a following workday. */
function lateCompletion(rng: Random, dueAt: EpochMs): EpochMs {
  let day = nextWorkday(moscowDay(dueAt));
  while (rng.chance(SLIPS_ANOTHER_DAY)) day = nextWorkday(day);
  return morningOf(day, rng);
}
