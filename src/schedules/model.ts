import type { LocalDate } from '../calendar/local-date';

/**
 * Who works when. The account's working hours are one weekly pattern for
 * everyone; a CRM user may have their own (a five-day week with other hours,
 * or a shift cycle like «3/3») and absences. Pure data: the working clock
 * (src/schedules/windows.ts) turns it into working windows.
 */

/** Works on the given weekdays (1 = Monday … 7 = Sunday), `from`–`to` local time; public holidays and the account's days off are off. */
export interface WeeklyPattern {
  kind: 'weekly';
  days: readonly number[];
  /** HH:MM. */
  from: string;
  /** HH:MM; at or before `from`, the shift ends the next day (an overnight shift). */
  to: string;
}

/**
 * A shift rota: `on` days at work, then `off` days at rest, the first day
 * at work being `start`. Rotas run through public holidays (a «3/3» team
 * works on 1 January if its turn falls there), so the production calendar
 * does not apply.
 */
export interface ShiftCycle {
  kind: 'cycle';
  on: number;
  off: number;
  start: LocalDate;
  from: string;
  to: string;
}

export type WorkPattern = WeeklyPattern | ShiftCycle;

export const ABSENCE_KINDS = ['vacation', 'sick', 'day_off'] as const;
export type AbsenceKind = (typeof ABSENCE_KINDS)[number];

/** Away from work on the local dates `from`–`to`, both included. */
export interface Absence {
  kind: AbsenceKind;
  from: LocalDate;
  to: LocalDate;
}

/** A CRM user's own schedule: their pattern (null: the account's hours) and absences. */
export interface PersonalSchedule {
  pattern: WorkPattern | null;
  absences: readonly Absence[];
}

/** Said when a ping goes to the supervisor because the manager is away. */
export interface ManagerAway {
  kind: AbsenceKind;
  /** The absence's last day. */
  until: LocalDate;
}
