import { Composer } from 'grammy';
import { addDays, compareDates, dottedDate, isoWeekday, localDateAt, parseDayArgument, type LocalDate } from '../../calendar/local-date';
import { PUBLIC_CALENDAR, type DayVerdict, type WorkCalendar } from '../../calendar/work-calendar';
import { translator } from '../../i18n';
import { loadNorms } from '../../norms/store';
import { accountCalendar, listCalendarDays, markCalendarDay, unmarkCalendarDay } from '../../settings/calendar-days';
import type { BotContext } from '../context';
import { weekdays } from '../norms-text';
import { requireAdmin } from '../roles';

/**
 * /holidays: the account's working calendar — the days off and moved
 * working days of the production calendar ahead, the account's own marks,
 * and which years the bundled transfers cover; admins mark a date a day off
 * (`add`) or a working day (`work`), or take their mark back (`remove`).
 * Admins only, both to see and to change; each change is audited by the store.
 */
export const holidays = new Composer<BotContext>();

/** How far ahead the list looks. */
const SPAN_DAYS = 60;

type Verb = 'off' | 'work' | 'remove';
/** The English verbs the help shows, and their Russian equivalents. */
const VERBS: Record<string, Verb> = { add: 'off', выходной: 'off', work: 'work', рабочий: 'work', remove: 'remove', убрать: 'remove' };

holidays.command('holidays', async (ctx) => {
  if (!(await requireAdmin(ctx))) return;
  const { config, handle, clock } = ctx.deps;
  const accountId = config.ACCOUNT_ID;
  const norms = loadNorms(handle.db, accountId, config.TIMEZONE);
  const days = norms.workingHours.days;
  const today = localDateAt(clock.now().getTime(), norms.timezone);
  const [word = '', ...rest] = ctx.match.trim().split(/\s+/);
  if (word === '') return ctx.reply(overview(ctx, accountCalendar(handle.db, accountId), today, days), { parse_mode: 'HTML' });

  const verb = VERBS[word.toLowerCase()];
  if (!verb) return ctx.reply(ctx.t('holidays-bad-command', { value: ctx.match.trim() }));
  if (rest.length === 0) return ctx.reply(ctx.t('holidays-no-date', { verb: word.toLowerCase() }));
  const date = rest.length === 1 ? parseDayArgument(rest[0]!, today) : null;
  if (!date) return ctx.reply(ctx.t('holidays-bad-date', { value: rest.join(' '), verb: word.toLowerCase() }));

  const actor = String(ctx.from?.id);
  const at = clock.now().getTime();
  const before = accountCalendar(handle.db, accountId).verdict(date, days);
  if (verb === 'remove') {
    if (before.own === null) {
      // A holiday or a moved day off has no mark to remove: say how to make it a working day instead.
      const hint = !before.working && before.calendar.kind !== 'weekday' ? ctx.t('holidays-hint-work', { date: dottedDate(date) }) : '';
      return ctx.reply(ctx.t('holidays-not-marked', { date: dottedDate(date), hint }));
    }
    unmarkCalendarDay(handle.db, accountId, date, actor, at);
    const now = accountCalendar(handle.db, accountId).verdict(date, days);
    return ctx.reply(ctx.t('holidays-unmarked', { ...dayVars(ctx, now), why: why(ctx, now) }));
  }

  const working = verb === 'work';
  if (before.working === working) return ctx.reply(ctx.t('holidays-already', { ...dayVars(ctx, before), why: why(ctx, before) }));
  // When the production calendar alone gives what is asked, the account's contrary mark is taken back rather than a second one written.
  if (PUBLIC_CALENDAR.isWorkingDay(date, days) === working) unmarkCalendarDay(handle.db, accountId, date, actor, at);
  else markCalendarDay(handle.db, accountId, date, working, actor, at);
  const after = accountCalendar(handle.db, accountId).verdict(date, days);
  await ctx.reply(working ? ctx.t('holidays-marked-working', { ...dayVars(ctx, after), from: norms.workingHours.from, to: norms.workingHours.to }) : ctx.t('holidays-marked-off', dayVars(ctx, after)));
});

/** The list: departures from the working week ahead, the account's marks, what the bundled data covers, how to change. */
function overview(ctx: BotContext, calendar: WorkCalendar, today: LocalDate, days: readonly number[]): string {
  const last = addDays(today, SPAN_DAYS - 1);
  const ahead = calendar.departures(today, SPAN_DAYS, days);
  const marks = listCalendarDays(ctx.deps.handle.db, ctx.deps.config.ACCOUNT_ID);
  const coming = marks.filter((m) => compareDates(m.day, today) >= 0);
  const years = calendar.coveredYears;
  const lines = [
    ctx.t('holidays-title', { from: dottedDate(today), to: dottedDate(last), weekdays: weekdays(days, translator(ctx.locale)) }),
    ...(ahead.length > 0 ? ahead.map((v) => dayLine(ctx, v)) : [ctx.t('holidays-none')]),
    '',
    ctx.t('holidays-own-title'),
    ...(coming.length > 0 ? coming.map((m) => ctx.t('holidays-own-item', dayVars(ctx, { date: m.day, working: m.working }))) : [ctx.t('holidays-own-none')]),
    ...(marks.length > coming.length ? [ctx.t('holidays-own-past', { count: marks.length - coming.length })] : []),
    '',
    ctx.t('holidays-coverage', { years: years.length > 1 ? `${years[0]}–${years.at(-1)}` : String(years[0] ?? '—'), updated: dottedDateText(calendar.updated) }),
    ctx.t('holidays-usage'),
  ];
  return lines.join('\n');
}

function dayLine(ctx: BotContext, v: DayVerdict): string {
  return ctx.t('holidays-line', { ...dayVars(ctx, v), why: why(ctx, v) });
}

/** The date, its weekday and whether it works, as every message about a day names them. */
function dayVars(ctx: BotContext, v: { date: LocalDate; working: boolean }) {
  return { date: dottedDate(v.date), weekday: ctx.t('weekday-short', { day: isoWeekday(v.date) }), working: v.working ? 'yes' : 'no' };
}

/** Why a day is what it is: the account's mark (with what the calendar would say), a holiday, a transfer, or the working week. */
function why(ctx: BotContext, v: DayVerdict): string {
  const calendar = calendarWhy(ctx, v);
  if (v.own === null) return calendar ?? ctx.t('holidays-why-weekday');
  return calendar ? ctx.t('holidays-why-own-over', { calendar }) : ctx.t('holidays-why-own');
}

function calendarWhy(ctx: BotContext, v: DayVerdict): string | null {
  const reason = v.calendar;
  if (reason.kind === 'holiday') return ctx.t('holidays-why-holiday', { name: ctx.t('holiday-name', { id: reason.holiday }) });
  if (reason.kind === 'moved-off') return ctx.t('holidays-why-moved-off', { other: dottedDate(reason.from) });
  if (reason.kind === 'moved-working') return ctx.t('holidays-why-moved-working', { other: dottedDate(reason.to) });
  return null;
}

/** «2026-12-04» → «04.12.2026»; the data file's date is checked when it loads. */
function dottedDateText(iso: string): string {
  const [year, month, day] = iso.split('-');
  return `${day}.${month}.${year}`;
}
