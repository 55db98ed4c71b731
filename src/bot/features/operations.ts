import { Composer } from 'grammy';
import { createFormatter } from '../../format';
import { translator } from '../../i18n';
import { accountStatus } from '../../jobs/account-status';
import { SyncBusyError } from '../../sync/lease';
import type { BotContext } from '../context';
import { requireAdmin } from '../roles';
import { describeSchedule } from '../schedule-text';

/** /sync runs a sync now with a progress message; /status shows how the bot is doing. */
export const operations = new Composer<BotContext>();

operations.command('sync', async (ctx) => {
  if (!(await requireAdmin(ctx))) return;
  const { config, clock } = ctx.deps;
  const status = await ctx.reply(ctx.t('sync-started', { crm: config.CRM }));
  await ctx.replyWithChatAction('typing');
  const started = clock.now().getTime();
  try {
    const outcome = await ctx.deps.syncNow();
    await ctx.deps.outbox.kick();
    const fmt = createFormatter(translator(ctx.locale), config.TIMEZONE);
    const counts = outcome.run.counts ?? {};
    await ctx.api.editMessageText(
      ctx.chat.id,
      status.message_id,
      ctx.t('sync-done', {
        seconds: Math.max(1, Math.round((clock.now().getTime() - started) / 1000)),
        deals: fmt.count(counts.deals ?? 0),
        tasks: fmt.count(counts.tasks ?? 0),
        opened: outcome.findings.opened.length,
        resolved: outcome.findings.resolved,
        open: outcome.findings.opened.length + outcome.findings.stillOpen - outcome.snoozed,
        pings: outcome.pings.pinged,
      }) + (outcome.snoozed > 0 ? ' ' + ctx.t('sync-snoozed', { count: outcome.snoozed }) : ''),
    );
  } catch (error) {
    ctx.log.warn({ err: error }, 'sync from the chat failed');
    const fmt = createFormatter(translator(ctx.locale), config.TIMEZONE);
    const answer =
      error instanceof SyncBusyError
        ? ctx.t('sync-busy', { since: fmt.dateTime(error.holder.startedAt), pid: String(error.holder.pid) })
        : ctx.t('sync-failed', { reason: error instanceof Error ? error.message : String(error) });
    await ctx.api.editMessageText(ctx.chat.id, status.message_id, answer);
  }
});

operations.command('status', async (ctx) => {
  if (!(await requireAdmin(ctx))) return;
  const { config, clock } = ctx.deps;
  const tr = translator(ctx.locale);
  const fmt = createFormatter(tr, config.TIMEZONE);
  const status = accountStatus(ctx.deps);
  const { lastRun: last, lastSuccess: ok } = status;
  const lines = [
    ctx.t('status-title', { crm: config.CRM, account: config.ACCOUNT_NAME }),
    last ? ctx.t(`status-last-sync-${last.status}`, { at: fmt.dateTime(last.startedAt), error: last.error ?? '' }) : ctx.t('status-never-synced'),
    ok ? ctx.t(status.freshness.stale ? 'status-stale' : 'status-freshness', { age: fmt.duration(clock.now().getTime() - (ok.finishedAt ?? ok.startedAt)) }) : ctx.t('status-no-data'),
    ctx.t('status-queue', { count: status.queued }),
    ctx.t('status-linked', { linked: status.people.linked, total: status.people.active }),
    ctx.t('status-report-chat', { chat: status.reportChat ?? 'none' }),
    ctx.t('status-supervisors-chat', { chat: status.supervisorsChat ?? 'none' }),
    ctx.t('status-schedule', { schedule: describeSchedule(status.reportSchedule, config.TIMEZONE, tr) }),
  ];
  await ctx.reply(lines.join('\n'));
});
