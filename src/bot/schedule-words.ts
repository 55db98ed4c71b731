import { TZDate } from '@date-fns/tz';
import { dottedDate, localDateAt } from '../calendar/local-date';
import type { Translator } from '../i18n';
import type { Absence, PersonalSchedule, WorkPattern } from '../schedules/model';
import type { ScheduleInputError } from '../schedules/parse';
import { workingWindows, type Schedule } from '../schedules/windows';
import type { EpochMs } from '../time';
import { weekdays } from './norms-text';

/** How /shift, /away and /shifts name a schedule and a person's working time. Pure. */

/** «смены 3/3 с 01.12.2026, 09:00–21:00», «пн–пт, 10:00–19:00». */
export function patternText(pattern: WorkPattern, tr: Translator): string {
  const hours = `${pattern.from}–${pattern.to}`;
  if (pattern.kind === 'cycle') return tr.t('shift-pattern-cycle', { on: pattern.on, off: pattern.off, start: dottedDate(pattern.start), hours });
  return tr.t('shift-pattern-weekly', { days: weekdays(pattern.days, tr), hours });
}

/** A person's pattern, or the account's hours when they have none. */
export function scheduleText(own: PersonalSchedule | undefined, account: WorkPattern, tr: Translator): string {
  return own?.pattern ? patternText(own.pattern, tr) : tr.t('shift-pattern-account', { pattern: patternText(account, tr) });
}

/** «отпуск 10.12.2026–20.12.2026». */
export function absenceText(absence: Absence, tr: Translator): string {
  const one = absence.from.year === absence.to.year && absence.from.month === absence.to.month && absence.from.day === absence.to.day;
  return tr.t('away-item', { kind: absence.kind, from: dottedDate(absence.from), to: dottedDate(absence.to), one: one ? 'yes' : 'no' });
}

/** «на работе до 21:00» or «с пт 11.12, 09:00»: the window that holds `now`, or the next one. */
export function workingNowText(schedule: Schedule, now: EpochMs, tr: Translator): string {
  for (const [start, end] of workingWindows(schedule, now)) {
    if (end <= now) continue;
    const { timezone } = schedule;
    if (start <= now) return tr.t('shifts-working-until', { until: clockTime(end, timezone) });
    const date = localDateAt(start, timezone);
    return tr.t('shifts-next', { day: tr.t('weekday-short', { day: new TZDate(start, timezone).getDay() || 7 }), date: dottedDate(date), time: clockTime(start, timezone) });
  }
  return tr.t('shifts-never');
}

function clockTime(at: EpochMs, timezone: string): string {
  const local = new TZDate(at, timezone);
  return `${String(local.getHours()).padStart(2, '0')}:${String(local.getMinutes()).padStart(2, '0')}`;
}

/** The message for a line /shift or /away could not read. */
export function inputErrorText(command: 'shift' | 'away', error: ScheduleInputError, word: string | undefined, tr: Translator): string {
  return tr.t(`schedule-error-${error}`, { command, word: word ?? '' }) + '\n' + tr.t(`${command}-usage`);
}
