import { Composer } from 'grammy';
import { createFormatter } from '../../format';
import { translator } from '../../i18n';
import { hasSnapshot } from '../../jobs/account-snapshot';
import { personalReportState, queuePersonalReport } from '../../jobs/member-findings';
import { queueReport } from '../../jobs/weekly-report';
import type { BotContext } from '../context';
import { callerOf } from '../roles';

/**
 * /report: the last 7 days' report, now, to the chat the command came from
 * (admins and supervisors). A status message shows it is being built and is
 * edited when the report is on its way. /report me: a manager's own part of
 * the week, privately. Both go through the outbox like every message.
 */
export const report = new Composer<BotContext>();

report.command('report', async (ctx) => {
  const deps = ctx.deps;
  const caller = callerOf(ctx);
  const argument = ctx.match.trim().toLowerCase();
  if (argument === 'me' || argument === 'я') return personalReport(ctx);
  if (argument !== '') return ctx.reply(ctx.t('report-usage'));
  if (!caller.admin && !caller.person?.isSupervisor) return ctx.reply(ctx.t('report-for-heads'));
  if (!hasSnapshot(deps)) return ctx.reply(ctx.t('report-no-snapshot'));
  const status = await ctx.reply(ctx.t('report-building'));
  await ctx.replyWithChatAction('upload_photo');
  const at = deps.clock.now().getTime();
  // The update id names the occasion: if Telegram delivers the update again, the report is not sent twice.
  const queued = await queueReport(deps, { chatId: String(ctx.chat.id), dedupeKey: `command:${ctx.update.update_id}`, locale: ctx.locale }, at);
  await deps.outbox.kick();
  if (!queued) return;
  const fmt = createFormatter(translator(ctx.locale), deps.config.TIMEZONE);
  await ctx.api.editMessageText(ctx.chat.id, status.message_id, ctx.t('report-sent', { from: fmt.day(queued.data.from), to: fmt.day(queued.data.at) }));
});

/** A manager's week: their counts from the weekly report and their open findings, to their private chat. */
async function personalReport(ctx: BotContext): Promise<void> {
  const person = callerOf(ctx).person;
  if (!person || !ctx.from) {
    await ctx.reply(ctx.t('me-not-linked'));
    return;
  }
  const result = queuePersonalReport(ctx.deps, person, { chatId: String(ctx.from.id), locale: ctx.locale, occasion: `command:${ctx.update.update_id}` });
  if ('refused' in result) {
    await ctx.reply(ctx.t('report-no-snapshot'));
    return;
  }
  await ctx.deps.outbox.kick();
  // Telegram refuses to write first to someone who never opened a chat with the bot (or blocked it).
  if (personalReportState(ctx.deps, result.queued) === 'refused') {
    await ctx.reply(ctx.t('report-me-open-private', { bot: ctx.me.username }));
    return;
  }
  if (ctx.chat?.type !== 'private') await ctx.reply(ctx.t('report-me-sent-privately'));
}
