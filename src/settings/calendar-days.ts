import { and, asc, eq } from 'drizzle-orm';
import { isoDate, parseIsoDate, type LocalDate } from '../calendar/local-date';
import { workCalendar, type CalendarOverride, type WorkCalendar } from '../calendar/work-calendar';
import type { EpochMs } from '../time';
import { recordAudit } from '../db/audit';
import type { Db } from '../db/client';
import { calendarDays } from '../db/schema';

/** An account's own mark on a date, as stored, with who set it and when. */
export interface CalendarDay extends CalendarOverride {
  actor: string;
  at: EpochMs;
}

/** The account's own marks (/holidays), oldest date first. */
export function listCalendarDays(db: Db, accountId: string): CalendarDay[] {
  return db
    .select()
    .from(calendarDays)
    .where(eq(calendarDays.accountId, accountId))
    .orderBy(asc(calendarDays.day))
    .all()
    .flatMap((row) => {
      const day = parseIsoDate(row.day);
      // Only this store writes the table, always as YYYY-MM-DD; a row that is not is skipped rather than stopping every ping.
      return day ? [{ day, working: row.working, actor: row.actor, at: row.at }] : [];
    });
}

/** The account's working calendar: the production calendar with the account's own marks over it. */
export function accountCalendar(db: Db, accountId: string): WorkCalendar {
  return workCalendar(listCalendarDays(db, accountId));
}

/**
 * Marks a date as a day off (`working` false) or a working day for the
 * account, replacing a mark it had; audited. False when the date already had
 * that very mark (nothing written).
 */
export function markCalendarDay(db: Db, accountId: string, day: LocalDate, working: boolean, actor: string, at: EpochMs): boolean {
  const key = isoDate(day);
  return db.transaction(
    (tx) => {
      const before = ownMark(tx, accountId, key);
      if (before === working) return false;
      tx.insert(calendarDays)
        .values({ accountId, day: key, working, actor, at })
        .onConflictDoUpdate({ target: [calendarDays.accountId, calendarDays.day], set: { working, actor, at } })
        .run();
      recordAudit(tx, { accountId, actor, action: 'calendar.marked', subject: key, before: before === null ? null : { working: before }, after: { working }, at });
      return true;
    },
    { behavior: 'immediate' },
  );
}

/** Removes the account's mark on a date (the production calendar decides again); audited. False when there was none. */
export function unmarkCalendarDay(db: Db, accountId: string, day: LocalDate, actor: string, at: EpochMs): boolean {
  const key = isoDate(day);
  return db.transaction(
    (tx) => {
      const before = ownMark(tx, accountId, key);
      if (before === null) return false;
      tx.delete(calendarDays)
        .where(and(eq(calendarDays.accountId, accountId), eq(calendarDays.day, key)))
        .run();
      recordAudit(tx, { accountId, actor, action: 'calendar.unmarked', subject: key, before: { working: before }, after: null, at });
      return true;
    },
    { behavior: 'immediate' },
  );
}

function ownMark(db: Pick<Db, 'select'>, accountId: string, day: string): boolean | null {
  const row = db
    .select({ working: calendarDays.working })
    .from(calendarDays)
    .where(and(eq(calendarDays.accountId, accountId), eq(calendarDays.day, day)))
    .get();
  return row?.working ?? null;
}
