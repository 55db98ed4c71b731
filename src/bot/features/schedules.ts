import { Composer } from 'grammy';
import { compareDates, dottedDate, localDateAt, type LocalDate } from '../../calendar/local-date';
import { accountWorkTime } from '../../jobs/work-time';
import { loadNorms } from '../../norms/store';
import { findPerson, listPeople, type Person } from '../../people/directory';
import { addAbsence, clearWorkPattern, listAbsences, removeAbsence, setWorkPattern, type StoredAbsence } from '../../people/schedules';
import type { WorkPattern } from '../../schedules/model';
import { parseAway, parseShift } from '../../schedules/parse';
import { scheduleOf, type WorkTime } from '../../schedules/work-time';
import { translator, type Translator } from '../../i18n';
import { escapeHtml } from '../../telegram-html';
import type { BotContext } from '../context';
import { callerOf, type Caller } from '../roles';
import { absenceText, inputErrorText, patternText, scheduleText, workingNowText } from '../schedule-words';

/**
 * /shift, /away, /shifts: people's own working time. A manager is pinged
 * within it, the working clock of their deals runs on it, and while they
 * are away their pings go to their supervisor. Admins and a person's
 * supervisor change it; each change is audited by the store.
 */
export const schedules = new Composer<BotContext>();

schedules.command('shift', async (ctx) => {
  const input = ctx.match.trim();
  if (input === '') return ctx.reply(ctx.t('shift-usage'));
  const { today, norms } = accountToday(ctx);
  const parsed = parseShift(input, today);
  if ('error' in parsed) return ctx.reply(inputErrorText('shift', parsed.error, parsed.word, words(ctx)));
  const person = await personFor(ctx, parsed.ok.name);
  if (!person || !(await mayChange(ctx, person))) return;
  const { handle, config, clock } = ctx.deps;
  const [actor, at] = [String(ctx.from?.id), clock.now().getTime()];
  if ('reset' in parsed.ok) {
    const cleared = clearWorkPattern(handle.db, config.ACCOUNT_ID, person.crmUserId, actor, at);
    const account = patternText(accountPattern(norms.workingHours), words(ctx));
    return ctx.reply(ctx.t(cleared ? 'shift-reset' : 'shift-already-account', { name: person.name, pattern: account }));
  }
  setWorkPattern(handle.db, config.ACCOUNT_ID, person.crmUserId, parsed.ok.pattern, actor, at);
  const schedule = scheduleOf(accountWorkTime(handle.db, config.ACCOUNT_ID), { ...norms.workingHours, timezone: norms.timezone }, person.crmUserId);
  await ctx.reply(ctx.t('shift-set', { name: person.name, pattern: patternText(parsed.ok.pattern, words(ctx)), next: workingNowText(schedule, at, words(ctx)) }));
});

schedules.command('away', async (ctx) => {
  const { today } = accountToday(ctx);
  const input = ctx.match.trim();
  if (input === '') return replyAbsences(ctx, null, today);
  const parsed = parseAway(input, today);
  if ('error' in parsed) return ctx.reply(inputErrorText('away', parsed.error, parsed.word, words(ctx)));
  const person = await personFor(ctx, parsed.ok.name);
  if (!person) return;
  if ('list' in parsed.ok) return replyAbsences(ctx, person, today);
  if (!(await mayChange(ctx, person))) return;
  const { handle, config, clock } = ctx.deps;
  const [actor, at] = [String(ctx.from?.id), clock.now().getTime()];
  const own = listAbsences(handle.db, config.ACCOUNT_ID).filter((a) => a.crmUserId === person.crmUserId);
  if ('remove' in parsed.ok) {
    const day = parsed.ok.remove;
    const absence = own.find((a) => compareDates(a.from, day) <= 0 && compareDates(a.to, day) >= 0);
    if (!absence) return ctx.reply(ctx.t('away-none-on', { name: person.name, date: dottedDate(day) }));
    removeAbsence(handle.db, config.ACCOUNT_ID, person.crmUserId, absence.id, actor, at);
    return ctx.reply(ctx.t('away-removed', { name: person.name, absence: absenceText(absence, words(ctx)) }));
  }
  const absence = parsed.ok.add;
  // Two absences over one day would say two things of it: the one there is must be taken back first.
  const overlapping = own.find((a) => compareDates(a.from, absence.to) <= 0 && compareDates(a.to, absence.from) >= 0);
  if (overlapping) return ctx.reply(ctx.t('away-overlaps', { name: person.name, absence: absenceText(overlapping, words(ctx)), date: dottedDate(overlapping.from) }));
  addAbsence(handle.db, config.ACCOUNT_ID, person.crmUserId, absence, actor, at);
  const supervisor = person.supervisorId ? listPeople(handle.db, config.ACCOUNT_ID).find((p) => p.crmUserId === person.supervisorId) : undefined;
  await ctx.reply(ctx.t('away-added', { name: person.name, absence: absenceText(absence, words(ctx)), supervisor: supervisor?.name ?? '', hasSupervisor: supervisor ? 'yes' : 'no' }));
});

schedules.command('shifts', async (ctx) => {
  const caller = callerOf(ctx);
  if (!caller.admin && !caller.person) return ctx.reply(ctx.t('me-not-linked'));
  const { handle, config, clock } = ctx.deps;
  const { norms, today } = accountToday(ctx);
  const now = clock.now().getTime();
  const work = accountWorkTime(handle.db, config.ACCOUNT_ID);
  const hours = { ...norms.workingHours, timezone: norms.timezone };
  const everyone = listPeople(handle.db, config.ACCOUNT_ID).filter((p) => p.active);
  // A manager sees their own; admins and supervisors see everyone linked or with a schedule of their own.
  const shown = seesEveryone(caller) ? everyone.filter((p) => p.link || work.personal.has(p.crmUserId)) : everyone.filter((p) => p.crmUserId === caller.person?.crmUserId);
  const account = accountPattern(norms.workingHours);
  const lines = shown.map((p) => {
    const away = currentAbsence(work, p.crmUserId, today);
    const when = away ? ctx.t('shifts-away', { absence: absenceText(away, words(ctx)) }) : workingNowText(scheduleOf(work, hours, p.crmUserId), now, words(ctx));
    return ctx.t('shifts-line', { name: escapeHtml(p.name), schedule: scheduleText(work.personal.get(p.crmUserId), account, words(ctx)), when });
  });
  const rest = seesEveryone(caller) ? everyone.length - shown.length : 0;
  await ctx.reply([ctx.t('shifts-title'), ...lines, ...(rest > 0 ? [ctx.t('shifts-rest', { count: rest })] : []), '', ctx.t('shifts-hint')].join('\n'), { parse_mode: 'HTML' });
});

/** The absences from today on: one person's, or everyone's the caller may see. */
async function replyAbsences(ctx: BotContext, person: Person | null, today: LocalDate): Promise<void> {
  const caller = callerOf(ctx);
  const allowed = seesEveryone(caller) || (person !== null && caller.person?.crmUserId === person.crmUserId);
  if (!allowed) {
    await ctx.reply(person === null ? ctx.t('away-usage') : ctx.t('schedules-not-allowed', { name: person.name }));
    return;
  }
  const { handle, config } = ctx.deps;
  const names = new Map(listPeople(handle.db, config.ACCOUNT_ID).map((p) => [p.crmUserId, p.name]));
  const coming = listAbsences(handle.db, config.ACCOUNT_ID).filter((a) => compareDates(a.to, today) >= 0 && (person === null || a.crmUserId === person.crmUserId));
  const line = (a: StoredAbsence) => ctx.t('away-line', { name: escapeHtml(names.get(a.crmUserId) ?? a.crmUserId), absence: absenceText(a, words(ctx)) });
  const title = person ? ctx.t('away-title-person', { name: escapeHtml(person.name) }) : ctx.t('away-title');
  await ctx.reply([title, ...(coming.length > 0 ? coming.map(line) : [ctx.t('away-none')]), '', ctx.t('away-usage')].join('\n'), { parse_mode: 'HTML' });
}

function seesEveryone(caller: Caller): boolean {
  return caller.admin || caller.person?.isSupervisor === true;
}

/** Admins change anyone's schedule; a supervisor, their own managers'. Says why not otherwise. */
async function mayChange(ctx: BotContext, person: Person): Promise<boolean> {
  const caller = callerOf(ctx);
  if (caller.admin || (caller.person !== undefined && person.supervisorId === caller.person.crmUserId)) return true;
  await ctx.reply(ctx.t('schedules-not-allowed', { name: person.name }));
  return false;
}

/**
 * The CRM user a name means, or null after saying none or several match.
 * Admins and supervisors look among everyone; anyone else only at
 * themselves, so the bot never tells a stranger who works in the CRM.
 */
async function personFor(ctx: BotContext, query: string): Promise<Person | null> {
  const caller = callerOf(ctx);
  if (!seesEveryone(caller)) {
    const own = caller.person && 'person' in findPerson([caller.person], query) ? caller.person : null;
    if (!own) await ctx.reply(ctx.t('schedules-not-allowed-anyone'));
    return own;
  }
  const found = findPerson(listPeople(ctx.deps.handle.db, ctx.deps.config.ACCOUNT_ID), query);
  if ('person' in found) return found.person;
  await ctx.reply(
    found.candidates.length === 0
      ? ctx.t('person-not-found', { query })
      : ctx.t('person-ambiguous', { query, names: found.candidates.map((p) => p.name).join(', ') }),
  );
  return null;
}

function accountToday(ctx: BotContext) {
  const { handle, config, clock } = ctx.deps;
  const norms = loadNorms(handle.db, config.ACCOUNT_ID, config.TIMEZONE);
  return { norms, today: localDateAt(clock.now().getTime(), norms.timezone) };
}

function accountPattern(hours: { days: readonly number[]; from: string; to: string }): WorkPattern {
  return { kind: 'weekly', days: hours.days, from: hours.from, to: hours.to };
}

function currentAbsence(work: WorkTime, personId: string, today: LocalDate) {
  return work.personal.get(personId)?.absences.find((a) => compareDates(a.from, today) <= 0 && compareDates(a.to, today) >= 0) ?? null;
}

/** The translator of the chat's language, for the pure word builders. */
function words(ctx: BotContext): Translator {
  return translator(ctx.locale);
}
