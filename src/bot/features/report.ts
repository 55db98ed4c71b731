import { Composer, GrammyError } from 'grammy';
import { createFormatter } from '../../format';
import { translator } from '../../i18n';
import { queueReport, weeklyReportData } from '../../jobs';

import { evaluateRules } from '../../rules';
import { lastSuccessfulSync } from '../../sync/run-sync';
import type { BotContext } from '../context';
import { findingsMessages } from '../findings-list';
import { callerOf } from '../roles';
import { WEEK } from '../../time';

/**
 * /report: the last 7 days' report, now, to the chat the command came from
 * (admins and supervisors). A status message shows it is being built and is
 * edited when the report is on its way. /report me: a manager's own part of
 * the week, privately.
 */
export const report = new Composer<BotContext>();

report.command('report', async (ctx) => {
  const deps = ctx.deps;
  const { config, handle, clock } = deps;
  const caller = callerOf(ctx);
  const argument = ctx.match.trim().toLowerCase();
  if (argument === 'me' || argument === 'я') return personalReport(ctx);
  if (argument !== '') return ctx.reply(ctx.t('report-usage'));
  if (!caller.admin && !caller.person?.isSupervisor) return ctx.reply(ctx.t('report-for-heads'));
  if (!lastSuccessfulSync(handle, config.ACCOUNT_ID)) return ctx.reply(ctx.t('report-no-snapshot'));
  const status = await ctx.reply(ctx.t('report-building'));
  await ctx.replyWithChatAction('upload_photo');
  const at = clock.now().getTime();
  // The update id names the occasion: if Telegram delivers the update again, the report is not sent twice.
  const queued = await queueReport(deps, { chatId: String(ctx.chat.id), dedupeKey: `command:${ctx.update.update_id}`, locale: ctx.locale }, at);
  await deps.outbox.kick();
  if (!queued) return;
  const fmt = createFormatter(translator(ctx.locale), config.TIMEZONE);
  await ctx.api.editMessageText(ctx.chat.id, status.message_id, ctx.t('report-sent', { from: fmt.day(queued.data.from), to: fmt.day(queued.data.at) }));
});

/** A manager's week: their counts from the weekly report and their open findings, in a private chat only. */
async function personalReport(ctx: BotContext): Promise<void> {
  const { config, handle, clock, dealUrl } = ctx.deps;
  const person = callerOf(ctx).person;
  if (!person || !ctx.from) {
    await ctx.reply(ctx.t('me-not-linked'));
    return;
  }
  if (!lastSuccessfulSync(handle, config.ACCOUNT_ID)) {
    await ctx.reply(ctx.t('report-no-snapshot'));
    return;
  }
  const at = clock.now().getTime();
  const { data: week, snapshot, norms } = weeklyReportData(ctx.deps, at);
  const row = week.managers.find((m) => m.managerId === person.crmUserId);
  const fmt = createFormatter(translator(ctx.locale), config.TIMEZONE);
  const summary = ctx.t('report-me-summary', {
    name: person.name,
    from: fmt.day(at - WEEK),
    to: fmt.day(at),
    total: row?.total ?? 0,
    violations: row?.violations ?? 0,
    remarks: row?.remarks ?? 0,
    openDeals: row?.openDeals ?? 0,
  });
  const open = evaluateRules(snapshot, norms, { from: at, at }).filter((f) => f.managerId === person.crmUserId);
  const messages = [summary, ...findingsMessages(ctx.t('me-open-now'), open, snapshot, { locale: ctx.locale, timezone: config.TIMEZONE, dealUrl })];
  try {
    for (const html of messages) await ctx.api.sendMessage(ctx.from.id, html, { parse_mode: 'HTML', link_preview_options: { is_disabled: true } });
  } catch (error) {
    // A user who never opened a private chat with the bot cannot be written to first.
    if (error instanceof GrammyError && error.error_code === 403) {
      await ctx.reply(ctx.t('report-me-open-private', { bot: ctx.me.username }));
      return;
    }
    throw error;
  }
  if (ctx.chat?.type !== 'private') await ctx.reply(ctx.t('report-me-sent-privately'));
}
