import { Composer } from 'grammy';
import { queueSize } from '../../delivery/outbox';
import { createFormatter } from '../../format';
import { translator } from '../../i18n';
import { listPeople } from '../../people/directory';
import { reportSchedule } from '../../settings/store';
import { SyncBusyError } from '../../sync/lease';
import { lastSuccessfulSync, lastSyncRun } from '../../sync/run-sync';
import { boundChat } from '../../settings/bound-chats';
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
        open: outcome.findings.opened.length + outcome.findings.stillOpen,
        pings: outcome.pings.pinged,
      }),
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
  const { config, handle, clock } = ctx.deps;
  const tr = translator(ctx.locale);
  const fmt = createFormatter(tr, config.TIMEZONE);
  const now = clock.now().getTime();
  const last = lastSyncRun(handle, config.ACCOUNT_ID);
  const ok = lastSuccessfulSync(handle, config.ACCOUNT_ID);
  const people = listPeople(handle.db, config.ACCOUNT_ID).filter((p) => p.active);
  const reportChat = boundChat(handle.db, config.ACCOUNT_ID, 'report');
  const supervisorsChat = boundChat(handle.db, config.ACCOUNT_ID, 'supervisors');
  const lines = [
    ctx.t('status-title', { crm: config.CRM, account: config.ACCOUNT_NAME }),
    last ? ctx.t(`status-last-sync-${last.status}`, { at: fmt.dateTime(last.startedAt), error: last.error ?? '' }) : ctx.t('status-never-synced'),
    ok ? ctx.t('status-freshness', { age: fmt.duration(now - (ok.finishedAt ?? ok.startedAt)) }) : ctx.t('status-no-data'),
    ctx.t('status-queue', { count: queueSize(handle.db, config.ACCOUNT_ID) }),
    ctx.t('status-linked', { linked: people.filter((p) => p.link).length, total: people.length }),
    ctx.t('status-report-chat', { chat: reportChat?.title ?? 'none' }),
    ctx.t('status-supervisors-chat', { chat: supervisorsChat?.title ?? 'none' }),
    ctx.t('status-schedule', { schedule: describeSchedule(reportSchedule(handle.db, config.ACCOUNT_ID, config.REPORT_SCHEDULE), config.TIMEZONE, tr) }),
  ];
  await ctx.reply(lines.join('\n'));
});
