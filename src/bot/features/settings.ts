import { Composer } from 'grammy';
import { validate as isValidCron } from 'node-cron';
import { translator } from '../../i18n';
import { loadNorms, saveNormsChange } from '../../norms/store';
import { normsSchema } from '../../norms/schema';
import { parseDays } from '../../schedules/days';
import { parseWorkingHours } from '../../settings/parse-hours';
import { formatQuietHours, parseQuietHours } from '../../settings/quiet-hours';
import { changeSettings, loadSettings, reportSchedule } from '../../settings/store';
import type { BotContext } from '../context';
import { weekdays } from '../norms-text';
import { requireAdmin } from '../roles';
import { describeSchedule } from '../schedule-text';

/** /hours (working hours, quiet hours, supervisors' pings) and /schedule (the weekly report's time). */
export const settings = new Composer<BotContext>();

settings.command('hours', async (ctx) => {
  if (!(await requireAdmin(ctx))) return;
  const { config, handle, clock } = ctx.deps;
  const accountId = config.ACCOUNT_ID;
  const actor = String(ctx.from?.id);
  const at = clock.now().getTime();
  const [head = '', ...rest] = ctx.match.trim().split(/\s+/);
  const argument = rest.join(' ');
  if (head === '') return ctx.reply(hoursSummary(ctx), { parse_mode: 'HTML' });
  if (head === 'quiet') {
    if (argument === 'off') changeSettings(handle.db, accountId, { quietHours: null }, actor, at);
    else {
      const quiet = parseQuietHours(argument);
      if (!quiet) return ctx.reply(ctx.t('hours-bad-quiet', { value: argument }));
      changeSettings(handle.db, accountId, { quietHours: formatQuietHours(quiet) }, actor, at);
    }
    return ctx.reply(hoursSummary(ctx), { parse_mode: 'HTML' });
  }
  if (head === 'supervisors') {
    if (argument !== 'always' && argument !== 'working') return ctx.reply(ctx.t('hours-bad-supervisors', { value: argument }));
    changeSettings(handle.db, accountId, { supervisorPings: argument }, actor, at);
    return ctx.reply(hoursSummary(ctx), { parse_mode: 'HTML' });
  }
  const input = parseWorkingHours(ctx.match);
  if (!input) return ctx.reply(ctx.t('hours-bad-working', { value: ctx.match.trim() }));
  const current = loadNorms(handle.db, accountId, config.TIMEZONE);
  const next = { ...current, timezone: input.timezone ?? current.timezone, workingHours: { days: input.days ?? current.workingHours.days, from: input.from, to: input.to } };
  const checked = normsSchema.safeParse(next);
  if (!checked.success) return ctx.reply(ctx.t('hours-invalid', { problems: checked.error.issues.map((i) => i.message).join('; ') }));
  saveNormsChange(
    handle.db,
    accountId,
    { norms: checked.data, actor, what: 'workingHours', before: { timezone: current.timezone, ...current.workingHours }, after: { timezone: next.timezone, ...next.workingHours } },
    at,
  );
  await ctx.reply(hoursSummary(ctx), { parse_mode: 'HTML' });
});

settings.command('schedule', async (ctx) => {
  const { config, handle, clock } = ctx.deps;
  const tr = translator(ctx.locale);
  const argument = ctx.match.trim();
  if (argument === '') {
    const current = reportSchedule(handle.db, config.ACCOUNT_ID, config.REPORT_SCHEDULE);
    return ctx.reply(ctx.t('schedule-current', { schedule: describeSchedule(current, config.TIMEZONE, tr) }));
  }
  if (!(await requireAdmin(ctx))) return;
  const cron = toCron(argument);
  if (!cron) return ctx.reply(ctx.t('schedule-bad', { value: argument }));
  changeSettings(handle.db, config.ACCOUNT_ID, { reportSchedule: cron }, String(ctx.from?.id), clock.now().getTime());
  ctx.deps.rescheduleReport(cron);
  await ctx.reply(ctx.t('schedule-changed', { schedule: describeSchedule(cron, config.TIMEZONE, tr) }));
});

/** «пн 09:00» → "0 9 * * 1"; a cron expression is taken as it is. */
export function toCron(text: string): string | null {
  const simple = /^(\S+)\s+(\d{1,2}):(\d{2})$/.exec(text);
  if (simple) {
    const days = parseDays(simple[1]!);
    const hour = Number(simple[2]);
    const minute = Number(simple[3]);
    if (!days || hour > 23 || minute > 59) return null;
    return `${minute} ${hour} * * ${days.map((d) => (d === 7 ? 0 : d)).join(',')}`;
  }
  return text.split(/\s+/).length === 5 && isValidCron(text) ? text : null;
}

function hoursSummary(ctx: BotContext): string {
  const { config, handle } = ctx.deps;
  const tr = translator(ctx.locale);
  const norms = loadNorms(handle.db, config.ACCOUNT_ID, config.TIMEZONE);
  const settings = loadSettings(handle.db, config.ACCOUNT_ID);
  return ctx.t('hours-summary', {
    days: weekdays(norms.workingHours.days, tr),
    from: norms.workingHours.from,
    to: norms.workingHours.to,
    timezone: norms.timezone,
    quiet: settings.quietHours ?? 'none',
    supervisors: settings.supervisorPings,
  });
}
