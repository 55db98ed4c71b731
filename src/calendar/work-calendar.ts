import { addDays, dateKey, isoWeekday, type LocalDate } from './local-date';
import { publicHoliday, RU_TRANSFERS, type HolidayId, type TransfersData } from './russia';

/** An account's own mark on a date (/holidays): a day off or a working day, whatever the production calendar says. */
export interface CalendarOverride {
  day: LocalDate;
  working: boolean;
}

/** What the production calendar says of a date, before the account's own marks. */
export type CalendarReason =
  | { kind: 'holiday'; holiday: HolidayId }
  /** A weekday made a day off: the day off of the weekend day `from` moved here. */
  | { kind: 'moved-off'; from: LocalDate }
  /** A weekend day made a working day: its day off moved to `to`. */
  | { kind: 'moved-working'; to: LocalDate }
  /** An ordinary day: working or not by the account's working days. */
  | { kind: 'weekday' };

/** Whether a date is a working day for an account, and why. */
export interface DayVerdict {
  date: LocalDate;
  working: boolean;
  calendar: CalendarReason;
  /** The account's own mark, which wins over the calendar; null when none. */
  own: boolean | null;
}

/**
 * An account's working calendar: the public holidays, the bundled
 * transfers and the account's own marks, in that order of precedence from
 * the bottom — a mark beats a holiday, a holiday beats a transfer (a New Year
 * holiday on a Saturday stays a day off though its rest moved), a transfer
 * beats the weekday. Which weekdays are working is the account's working
 * hours' business (`days`), not the calendar's: it only says where a date
 * departs from them.
 *
 * Immutable and pure. `workingOn` is what the working clock asks for every
 * day it scans, over 100 000 deals: a couple of map lookups by a numeric
 * key, nothing built per call.
 */
export class WorkCalendar {
  /** The account's marks, by dateKey. */
  private readonly own: ReadonlyMap<number, boolean>;
  /** Transfers by dateKey: false on the day the rest moved to, true on the weekend day that works instead. */
  private readonly moved: ReadonlyMap<number, boolean>;
  /** The other end of each transfer, by dateKey of either end, for saying why. */
  private readonly movedPair: ReadonlyMap<number, LocalDate>;

  constructor(
    private readonly transfers: TransfersData,
    overrides: readonly CalendarOverride[],
  ) {
    this.own = new Map(overrides.map((o) => [keyOf(o.day), o.working]));
    const moved = new Map<number, boolean>();
    const pair = new Map<number, LocalDate>();
    for (const t of transfers.transfers) {
      moved.set(keyOf(t.to), false);
      pair.set(keyOf(t.to), t.from);
      // A holiday `from` stays a day off: publicHoliday is asked first.
      moved.set(keyOf(t.from), true);
      pair.set(keyOf(t.from), t.to);
    }
    this.moved = moved;
    this.movedPair = pair;
  }

  /** The years whose transfers are known (the public holidays apply in every year). */
  get coveredYears(): readonly number[] {
    return this.transfers.years;
  }

  /** When the bundled transfers were last checked (YYYY-MM-DD). */
  get updated(): string {
    return this.transfers.updated;
  }

  /**
   * Equal for calendars that count every date alike: the bundled data's
   * version and the account's marks. Whatever keeps results counted under a
   * calendar (the report's trend points) keys them by it.
   */
  get fingerprint(): string {
    const marks = [...this.own].sort(([a], [b]) => a - b).map(([key, working]) => `${key}${working ? '+' : '-'}`);
    return `${this.transfers.updated}|${this.transfers.transfers.length}|${marks.join(',')}`;
  }

  /**
   * The calendar's word on a date (1-based month): true — a working day
   * whatever its weekday, false — a day off, undefined — as the account's
   * working days say.
   */
  workingOn(year: number, month: number, day: number): boolean | undefined {
    const key = dateKey(year, month, day);
    const own = this.own.get(key);
    if (own !== undefined) return own;
    if (publicHoliday(month, day) !== undefined) return false;
    return this.moved.get(key);
  }

  /** Whether the date is a working day for an account working on `days` (ISO weekdays, 1 = Monday). */
  isWorkingDay(date: LocalDate, days: readonly number[]): boolean {
    return this.workingOn(date.year, date.month, date.day) ?? days.includes(isoWeekday(date));
  }

  /** Whether the date is a working day, with the calendar's reason and the account's mark. */
  verdict(date: LocalDate, days: readonly number[]): DayVerdict {
    const calendar = this.reason(date);
    const ownMark = this.own.get(keyOf(date));
    return { date, working: this.isWorkingDay(date, days), calendar, own: ownMark ?? null };
  }

  /**
   * The dates from `from` on, `count` of them, that depart from the account's
   * working days or carry the account's own mark: what /holidays lists.
   */
  departures(from: LocalDate, count: number, days: readonly number[]): DayVerdict[] {
    const found: DayVerdict[] = [];
    for (let i = 0; i < count; i++) {
      const v = this.verdict(addDays(from, i), days);
      if (v.own !== null || v.working !== days.includes(isoWeekday(v.date))) found.push(v);
    }
    return found;
  }

  /** The calendar's reason for a date, the account's marks aside. */
  private reason(date: LocalDate): CalendarReason {
    const holiday = publicHoliday(date.month, date.day);
    if (holiday !== undefined) return { kind: 'holiday', holiday };
    const key = keyOf(date);
    const moved = this.moved.get(key);
    const other = this.movedPair.get(key);
    if (moved === undefined || other === undefined) return { kind: 'weekday' };
    return moved ? { kind: 'moved-working', to: other } : { kind: 'moved-off', from: other };
  }
}

const keyOf = (d: LocalDate): number => dateKey(d.year, d.month, d.day);

/** The account's calendar: the Russian production calendar with the account's own marks over it. */
export function workCalendar(overrides: readonly CalendarOverride[] = []): WorkCalendar {
  return new WorkCalendar(RU_TRANSFERS, overrides);
}

/** The production calendar with no account's marks: for code that has no account at hand (tests, benchmarks). */
export const PUBLIC_CALENDAR: WorkCalendar = workCalendar();
