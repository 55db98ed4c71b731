import type { EpochMs } from '../model';
import type { DemoManager } from './account';
import { atWork, HOUR, MINUTE, moscowDay, morningOf, nextWorkday } from './calendar';
import type { Random } from './random';

/** Chance that a late task slips one more working day. */
const SLIPS_ANOTHER_DAY = 0.2;

/** Nobody sets a task due the very minute they set it. */
const MIN_LEAD_TIME = 30 * MINUTE;

/** A deadline about `hours` after `createdAt`, landing in working hours. */
export function deadline(rng: Random, createdAt: EpochMs, hours: number): EpochMs {
  const due = atWork(createdAt + Math.max(rng.duration(hours * HOUR, 0.5), MIN_LEAD_TIME), rng);
  // People set due times on the minute.
  return Math.ceil(due / MINUTE) * MINUTE;
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
