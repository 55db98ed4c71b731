import { join } from 'node:path';
import type { TelegramRuntime } from './bot/runtime';
import { startTelegram } from './bot/runtime';
import { startAmoWebhooks } from './crm/amocrm/webhooks';
import { startBitrixEvents } from './crm/bitrix24/events';
import type { LiveConnector } from './crm/connector';
import { fileSender } from './delivery/file-sender';
import { createOutboxWorker } from './delivery/worker';
import type { JobContext } from './jobs/context';
import { runDailyControl, type DailyControlResult } from './jobs/daily-control';
import { runOverdueCheck, type OverdueCheckResult } from './jobs/overdue-check';
import { pruneAccount } from './jobs/prune';
import { syncAndEvaluate, type SyncMode, type SyncOutcome } from './jobs/sync-and-evaluate';
import { maskQueuedGroupMessages } from './jobs/mask-queued';
import { createSyncQueue } from './jobs/sync-queue';
import { catchUpMissedReport, deliverScheduledReport, writeReport } from './jobs/weekly-report';
import { runLogged, startScheduler, type ScheduledJob, type Scheduler } from './scheduler';
import { reportSchedule } from './settings/store';

/** How often newly overdue tasks are looked for. */
export const OVERDUE_CHECK_SCHEDULE = '* * * * *';
/** How often the daily control looks whose working day began and whether the evening check is due. */
export const DAILY_CONTROL_SCHEDULE = '* * * * *';
/** When rows older than RETENTION_DAYS are pruned: nightly, after the default full sync (03:00) has usually ended. */
export const PRUNE_SCHEDULE = '30 3 * * *';

/** The running bot process: its jobs, callable directly (tests, /sync) and on schedules. */
export interface App {
  /** Syncs now (only the changes, unless `full` or the connector cannot), then the overdue check; joins a sync in progress. */
  syncNow(mode?: SyncMode): Promise<SyncOutcome>;
  /** A change reported by the CRM: an incremental sync after it (one for a whole burst during a sync). */
  syncAfterChange(): Promise<SyncOutcome>;
  overdueCheck(): Promise<OverdueCheckResult>;
  /** The daily control's tick: morning digests whose manager's working day began, the evening check when due (/digest). */
  dailyControl(): Promise<DailyControlResult>;
  /** The CRM notification receiver's port: amoCRM webhooks (AMOCRM_WEBHOOK_SECRET) or Bitrix24 events (BITRIX24_APP_TOKEN). */
  crmWebhookPort: number | null;
  /** The weekly report for a scheduled instant: to the bound chat with Telegram, to files without. */
  weeklyReport(firedAt: Date): Promise<void>;
  telegram: TelegramRuntime | null;
  stop(): Promise<void>;
}

/**
 * The composition root: wires the use cases (src/jobs/) to their triggers —
 * schedules, CRM notifications, Telegram — and to delivery (the outbox
 * drained to Telegram, or to files without a token). `schedule: false`
 * starts no timers (tests drive the use cases with an injected clock).
 */
export async function startApp(ctx: JobContext, connector: LiveConnector, options: { token?: string | undefined; schedule: boolean }): Promise<App> {
  const { config, logger, clock } = ctx;
  const masked = maskQueuedGroupMessages(ctx);
  if (masked > 0) logger.warn({ messages: masked }, 'messages queued for group chats before the privacy policy were masked');
  const pingCtx = { ...ctx, dealUrl: (id: string) => connector.dealUrl(id) };
  const checkCtx = { ...pingCtx, crm: connector };
  let telegram: TelegramRuntime | null = null;
  let scheduler: Scheduler | null = null;
  // Without a token the outbox drains into files (OUT_DIR/messages), so the demo shows the pings too.
  const files = options.token ? null : createOutboxWorker(ctx.handle.db, fileSender(join(config.OUT_DIR, 'messages'), clock), clock, logger);
  const kick = async () => {
    await (telegram?.outbox ?? files)?.kick();
  };

  // One check at a time: a check waits for the CRM's answer, and the next minute's must not start beside it.
  let checking: Promise<OverdueCheckResult> | null = null;
  const overdueCheck = (): Promise<OverdueCheckResult> =>
    (checking ??= (async () => {
      const result = await runOverdueCheck(checkCtx, clock.now().getTime());
      await kick();
      return result;
    })().finally(() => {
      checking = null;
    }));
  const dailyControl = async (): Promise<DailyControlResult> => {
    const result = runDailyControl(pingCtx, clock.now().getTime());
    if (result.digests + result.evenings > 0) await kick();
    return result;
  };
  const syncs = createSyncQueue(async (mode): Promise<SyncOutcome> => {
    const evaluated = await syncAndEvaluate(ctx, connector, mode);
    const pings = await overdueCheck();
    return { ...evaluated, pings };
  });
  const syncNow = (mode: SyncMode = 'incremental') => syncs.now(mode);
  const weeklyReport = async (firedAt: Date): Promise<void> => {
    if (!telegram) {
      await writeReport(ctx, firedAt.getTime(), join(config.OUT_DIR, `report-${firedAt.toISOString().slice(0, 16).replace(':', '-')}`));
      return;
    }
    await deliverScheduledReport(ctx, firedAt.getTime());
    await kick();
  };

  if (options.token) {
    telegram = await startTelegram(
      {
        ...pingCtx,
        syncNow: () => syncNow(),
        // The demo CRM answers a link with a task due a minute later: a sync now brings it in before it falls due.
        memberLinked: () => {
          if (connector.reactsToLinks) syncs.afterChange().catch((error: unknown) => logger.warn({ err: error }, 'sync after a link failed'));
        },
        rescheduleReport: (cron) => void scheduler?.reschedule('weekly-report', cron).catch((error: unknown) => logger.error({ err: error }, 'could not reschedule the report')),
      },
      options.token,
    );
  }

  // The CRM's change notifications start an incremental sync (and with it the overdue check) within seconds of a change.
  const onChange = () => syncs.afterChange();
  const webhooks =
    config.CRM === 'amocrm' && config.AMOCRM_WEBHOOK_SECRET
      ? await startAmoWebhooks({ secret: config.AMOCRM_WEBHOOK_SECRET, host: config.AMOCRM_WEBHOOK_HOST, port: config.AMOCRM_WEBHOOK_PORT, logger, onChange })
      : config.CRM === 'bitrix24' && config.BITRIX24_APP_TOKEN
        ? await startBitrixEvents({ applicationToken: config.BITRIX24_APP_TOKEN, host: config.BITRIX24_EVENTS_HOST, port: config.BITRIX24_EVENTS_PORT, logger, onChange })
        : null;

  if (options.schedule) {
    const jobs: ScheduledJob[] = [
      { name: 'sync', schedule: config.SYNC_SCHEDULE, run: () => syncNow('incremental') },
      // Incremental syncs miss what the CRM does not report as changed (e.g. deleted tasks): a full one catches it.
      { name: 'full-sync', schedule: config.FULL_SYNC_SCHEDULE, run: () => syncNow('full') },
      { name: 'overdue-check', schedule: OVERDUE_CHECK_SCHEDULE, run: () => overdueCheck() },
      { name: 'daily-control', schedule: DAILY_CONTROL_SCHEDULE, run: () => dailyControl() },
      { name: 'weekly-report', schedule: reportSchedule(ctx.handle.db, config.ACCOUNT_ID, config.REPORT_SCHEDULE), run: weeklyReport },
      { name: 'prune', schedule: PRUNE_SCHEDULE, run: async () => pruneAccount(ctx) },
    ];
    // A fresh start syncs at once, so the data is there for the first report, command or ping.
    await runLogged({ name: 'sync', run: () => syncNow('incremental') }, logger, clock.now());
    if (telegram) await runLogged({ name: 'missed-report', run: () => catchUpMissedReport(ctx).then(kick) }, logger, clock.now());
    // Without Telegram a newcomer gets this week's report as files within a minute.
    else await runLogged({ name: 'weekly-report', run: weeklyReport }, logger, clock.now());
    // A bot that is never up at 03:30 (a laptop) would never prune: a start prunes too (a few deletes, milliseconds).
    await runLogged({ name: 'prune', run: async () => pruneAccount(ctx) }, logger, clock.now());
    scheduler = startScheduler(jobs, config.TIMEZONE, logger);
  }

  return {
    syncNow,
    syncAfterChange: onChange,
    overdueCheck,
    dailyControl,
    weeklyReport,
    telegram,
    crmWebhookPort: webhooks?.port ?? null,
    async stop() {
      await webhooks?.close();
      await scheduler?.stop();
      await telegram?.stop();
      await files?.stop();
    },
  };
}
