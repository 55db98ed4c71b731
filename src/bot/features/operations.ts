import { Composer } from 'grammy';
import type { Clock } from '../../clock';
import { createFormatter, type Formatter } from '../../format';
import { translator } from '../../i18n';
import { accountStatus } from '../../jobs/account-status';
import { SyncBusyError } from '../../sync/lease';
import type { SyncProgress } from '../../sync/progress';
import type { BotContext } from '../context';
import { requireAdmin } from '../roles';
import { describeSchedule } from '../schedule-text';

/** /sync runs a sync now with a progress message; /status shows how the bot is doing. */
export const operations = new Composer<BotContext>();

operations.command('sync', async (ctx) => {
  if (!(await requireAdmin(ctx))) return;
  const { config, clock } = ctx.deps;
  const startedText = ctx.t('sync-started', { crm: config.CRM });
  const status = await ctx.reply(startedText);
  const started = clock.now().getTime();
  const fmt = createFormatter(translator(ctx.locale), config.TIMEZONE);
  const progress = throttledEdits({
    clock,
    shown: startedText,
    edit: (text) => ctx.api.editMessageText(ctx.chat.id, status.message_id, text),
    failed: (error) => ctx.log.warn({ err: error }, 'could not show the sync progress; the sync goes on'),
  });
  // Asked (or joined) before the chat action, so its first pages' progress is heard; awaited below, so a failure is answered there.
  const syncing = ctx.deps.syncNow((p) => progress.show(() => progressText(ctx, fmt, p)));
  syncing.catch(() => undefined);
  // The answer is decided first and shown once, outside the try: a summary edit Telegram refuses is not a failed sync.
  let answer: string;
  try {
    await ctx.replyWithChatAction('typing').catch((error: unknown) => ctx.log.warn({ err: error }, 'could not show «typing» during /sync'));
    const outcome = await syncing;
    await ctx.deps.outbox.kick();
    const counts = outcome.run.counts ?? {};
    answer =
      ctx.t('sync-done', {
        seconds: Math.max(1, Math.round((clock.now().getTime() - started) / 1000)),
        deals: fmt.count(counts.deals ?? 0),
        tasks: fmt.count(counts.tasks ?? 0),
        opened: outcome.findings.opened.length,
        resolved: outcome.findings.resolved,
        open: outcome.findings.opened.length + outcome.findings.stillOpen - outcome.snoozed,
        pings: outcome.pings.pinged,
      }) + (outcome.snoozed > 0 ? ' ' + ctx.t('sync-snoozed', { count: outcome.snoozed }) : '');
  } catch (error) {
    ctx.log.warn({ err: error }, 'sync from the chat failed');
    answer =
      error instanceof SyncBusyError
        ? ctx.t('sync-busy', { since: fmt.dateTime(error.holder.startedAt), pid: String(error.holder.pid) })
        : ctx.t('sync-failed', { reason: error instanceof Error ? error.message : String(error) });
  }
  await progress.finish(answer);
});

/** How often the /sync message is edited with the progress: often enough to see it move, far under Telegram's edit limits. */
export const SYNC_PROGRESS_EDIT_EVERY_MS = 5_000;

/**
 * A message edited with a sync's progress: at most every 5 s of the clock
 * (decided on each page, which come every second or so), never with the text
 * it already shows (Telegram answers 400 "message is not modified"), one
 * edit at a time. A progress edit that fails goes to `failed` and the sync
 * goes on; `finish` waits for the edit in flight, so its text is always the
 * last one shown.
 */
export function throttledEdits(options: { clock: Clock; shown: string; edit: (text: string) => Promise<unknown>; failed: (error: unknown) => void }) {
  const { clock, edit } = options;
  let lastText = options.shown;
  let lastAt = clock.now().getTime();
  let inFlight: Promise<void> | null = null;
  let finished = false;
  return {
    /** Called on each page; `textOf` is worded only when an edit may be due. */
    show(textOf: () => string): void {
      if (finished || inFlight) return;
      const now = clock.now().getTime();
      if (now - lastAt < SYNC_PROGRESS_EDIT_EVERY_MS) return;
      const text = textOf();
      if (text === lastText) return;
      lastAt = now;
      lastText = text;
      inFlight = edit(text)
        .then(() => undefined, options.failed)
        .finally(() => {
          inFlight = null;
        });
    },
    async finish(text: string): Promise<void> {
      finished = true;
      await inFlight;
      await edit(text);
    },
  };
}

/** «⏳ Синхронизирую CRM (amocrm): читаю сделки. Прочитано записей: 12 500 (в среднем 210 в секунду), …» and the time left when it can be said. */
function progressText(ctx: BotContext, fmt: Formatter, p: SyncProgress): string {
  const main = ctx.t('sync-progress', {
    crm: ctx.deps.config.CRM,
    entity: p.entity ?? 'other',
    rows: fmt.count(p.totalRows),
    requests: fmt.count(p.requests),
    rate: fmt.count(Math.round(p.rate)),
  });
  const left =
    p.etaMs !== null
      ? p.etaMs < 60_000
        ? ctx.t('sync-progress-eta-soon')
        : ctx.t('sync-progress-eta', { eta: fmt.duration(p.etaMs) })
      : p.almostDone
        ? ctx.t('sync-progress-almost-done')
        : null;
  return left ? `${main} ${left}` : main;
}

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
