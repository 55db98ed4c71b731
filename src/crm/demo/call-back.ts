import type { EpochMs } from '../model';
import { addOfficeTime, HOUR, isWorkingTime, MINUTE } from './calendar';
import type { Random } from './random';
import { RETURN_CALL_SEQ, recordCall, type Story } from './story';

/**
 * What becomes of a client's missed call. The account's norm is a call back
 * within 15 working minutes (Monday to Friday, 09:00–18:00): most managers
 * make it, some call back hours later, and some calls nobody returns — the
 * findings the missed-call rule is there for.
 */
type Fate = 'in time' | 'late' | 'never';

/** On a deal still open, the manager mostly calls back at once. */
const ON_OPEN_DEAL: readonly (readonly [Fate, number])[] = [['in time', 0.62], ['late', 0.16], ['never', 0.22]];
/** A closed deal's card is one nobody watches: its client's missed call mostly goes unreturned. */
const ON_CLOSED_DEAL: readonly (readonly [Fate, number])[] = [['in time', 0.15], ['late', 0.15], ['never', 0.7]];
/** Share of returns that are the client getting through on a second try rather than the manager calling back. */
const CLIENT_TRIES_AGAIN = 0.1;
/** Share of the manager's call-backs the client does not pick up: the attempt is what the norm asks for, so they count. */
const NOT_PICKED_UP = 0.15;
/** A call back in time: typically a few minutes after, and always within the norm. */
const IN_TIME_TYPICAL = 4 * MINUTE;
const IN_TIME_MAX = 14 * MINUTE;
/** A late call back: typically an hour and a half of working time after, never under 20 minutes nor over five hours. */
const LATE_TYPICAL = 90 * MINUTE;
const LATE_MIN = 20 * MINUTE;
const LATE_MAX = 5 * HOUR;

/**
 * Writes the return of the deal's missed call, once the story is written:
 * whether the deal was closed by then, and whether the story itself reached
 * the client first, are known only then. A call the story makes before the
 * return would is the return — nobody calls a client twice — and a call it
 * makes after one that is never returned returns it late, as the bot sees it.
 * `rng` is the deal's call-back stream, so the story's draws are as before.
 */
export function returnMissedCall(story: Story, rng: Random, closedAt: EpochMs | null): void {
  const missedAt = story.missedAt;
  if (missedAt === null) return;
  const closed = closedAt !== null && closedAt <= missedAt;
  const fate = rng.weighted(closed ? ON_CLOSED_DEAL : ON_OPEN_DEAL);
  if (fate === 'never') return;
  const at = fate === 'in time' ? inTime(missedAt, rng) : late(missedAt, rng);
  if (story.contactTimes.some((t) => t >= missedAt && t <= at)) return;
  if (rng.chance(CLIENT_TRIES_AGAIN)) {
    recordCall(story, RETURN_CALL_SEQ, { direction: 'in', missed: false, at, seconds: talk(rng) }, rng);
    return;
  }
  const seconds = rng.chance(NOT_PICKED_UP) ? 0 : talk(rng);
  recordCall(story, RETURN_CALL_SEQ, { direction: 'out', missed: false, at, seconds }, rng);
}

/**
 * Within the norm: minutes later while the managers are at work (their day
 * runs to 20:00, past the norm's clock, which then has not started again);
 * a call missed off hours, those minutes into the next working morning.
 */
function inTime(missedAt: EpochMs, rng: Random): EpochMs {
  const after = wholeSeconds(Math.min(Math.max(rng.duration(IN_TIME_TYPICAL, 0.6), MINUTE), IN_TIME_MAX));
  return isWorkingTime(missedAt) ? missedAt + after : addOfficeTime(missedAt, after);
}

/** Past the norm on its own clock, so it is late however the minutes fall around the end of the day. */
function late(missedAt: EpochMs, rng: Random): EpochMs {
  return addOfficeTime(missedAt, wholeSeconds(Math.min(Math.max(rng.duration(LATE_TYPICAL, 0.8), LATE_MIN), LATE_MAX)));
}

/** How long a return's conversation lasts, in seconds. */
function talk(rng: Random): number {
  return Math.max(10, Math.round(rng.duration(100, 0.7)));
}

/** A CRM stores call times in whole seconds. */
function wholeSeconds(ms: number): number {
  return Math.round(ms / 1000) * 1000;
}
