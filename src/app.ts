import { join } from 'node:path';
import type { TelegramRuntime } from './bot/runtime';
import { startTelegram } from './bot/runtime';
import { startAmoWebhooks } from './crm/amocrm/webhooks';
import { startBitrixEvents } from './crm/bitrix24/events';
import type { LiveConnector } from './crm/connector';
import { fileSender } from './delivery/file-sender';
import { startHeartbeat } from './db/heartbeat';
import { ShuttingDownError } from './errors';
import { createOutboxWorker } from './delivery/worker';
import { backupNightly } from './jobs/backup';
import { healthReport, type Receiving } from './jobs/health';
import type { JobContext } from './jobs/context';
import { runDailyControl, type DailyControlResult } from './jobs/daily-control';
import { runOverdueCheck, type OverdueCheckResult } from './jobs/overdue-check';
import { pruneAccount } from './jobs/prune';
import { syncAndEvaluate, type SyncMode, type SyncOutcome } from './jobs/sync-and-evaluate';
import { maskQueuedGroupMessages } from './jobs/mask-queued';
import { createSyncQueue } from './jobs/sync-queue';
import { logSyncProgress } from './sync/progress-log';
import { catchUpMissedReport, deliverScheduledReport, writeReport } from './jobs/weekly-report';
import { startOpsServer } from './ops/server';
import { runLogged, startScheduler, type ScheduledJob, type Scheduler } from './scheduler';
import { reportSchedule } from './settings/store';

/** How often newly overdue tasks are looked for. */
export const OVERDUE_CHECK_SCHEDULE = '* * * * *';
/** How often the daily control looks whose working day began and whether the evening check is due. */
export const DAILY_CONTROL_SCHEDULE = '* * * * *';
/** When rows older than RETENTION_DAYS are pruned: nightly, after the default full sync (03:00) has usually ended. */
export const PRUNE_SCHEDULE = '30 3 * * *';
/**
 * How long a stop (SIGTERM) waits for the work in progress: a sync is
 * abandoned at once, but a report being built (seconds at 100 000 deals) and
 * a message being sent are finished. docker-compose.yml and the systemd unit
 * allow 30 s before they kill; past this the process exits anyway — every
 * write is a whole transaction, so a kill loses only the work, never the data.
 */
export const SHUTDOWN_DEADLINE_MS = 25_000;

/** The running bot process: its jobs, callable directly (tests, /sync) and on schedules. */
export interface App {
  /** Syncs now (only the changes, unless `full` or the connector cannot), then the overdue check; joins a sync in progress. */
  syncNow(mode?: SyncMode): Promise<SyncOutcome>;
  /** A change reported by the CRM: an incremental sync after it (one for a whole burst during a sync). */
  syncAfterChange(): Promise<SyncOutcome>;
  overdueCheck(): Promise<OverdueCheckResult>;
  /** The daily control's tick: morning digests whose manager's working day began, the evening check when due (/digest). */
  dailyControl(): Promise<DailyControlResult>;
  /** The start-up work (a sync, the missed report, pruning) and then the schedules; resolves when the schedules run. */
  ready: Promise<void>;
  /** The CRM notification receiver's port: amoCRM webhooks (AMOCRM_WEBHOOK_SECRET) or Bitrix24 events (BITRIX24_APP_TOKEN). */
  crmWebhookPort: number | null;
  /** The port of GET /healthz and GET /metrics (HTTP_PORT), or null when not served. */
  opsPort: number | null;
  /** The weekly report for a scheduled instant: to the bound chat with Telegram, to files without. */
  weeklyReport(firedAt: Date): Promise<void>;
  telegram: TelegramRuntime | null;
  /**
   * Stops cleanly (SIGTERM): no new work is taken (schedules, CRM
   * notifications, Telegram updates), a running sync is abandoned (its run
   * recorded as interrupted, the previous snapshot kept), the work in progress
   * — a report being built, a check, a message being sent — is finished, and
   * nothing more is sent.
   */
  stop(): Promise<void>;
}

/**
 * The composition root: wires the use cases (src/jobs/) to their triggers —
 * schedules, CRM notifications, Telegram — and to delivery (the outbox
 * drained to Telegram, or to files without a token). `schedule: false`
 * starts no timers and does no start-up work (tests drive the use cases with
 * an injected clock). It returns once the triggers are wired; the start-up
 * sync runs after that (`ready`), so a stop can come at any moment.
 */
export async function startApp(ctx: JobContext, connector: LiveConnector, options: { token?: string | undefined; schedule: boolean }): Promise<App> {
  const { config, logger, clock } = ctx;
  // A restore must see this bot from its start, the first sync included (src/db/heartbeat.ts).
  const heartbeat = options.schedule ? startHeartbeat(ctx.handle, clock, logger) : null;
  // The work in progress, which a stop waits for; nothing new starts once stopping.
  const inProgress = new Set<Promise<unknown>>();
  let stopping = false;
  const tracked = <T>(what: string, run: () => Promise<T>): Promise<T> => {
    if (stopping) return Promise.reject(new ShuttingDownError(what));
    const work = run();
    inProgress.add(work);
    void work.finally(() => inProgress.delete(work)).catch(() => undefined);
    return work;
  };
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
    (checking ??= tracked('the overdue check', async () => {
      const result = await runOverdueCheck(checkCtx, clock.now().getTime());
      await kick();
      return result;
    }).finally(() => {
      checking = null;
    }));
  const dailyControl = (): Promise<DailyControlResult> =>
    tracked('the daily control', async () => {
      const result = runDailyControl(pingCtx, clock.now().getTime());
      if (result.digests + result.evenings > 0) await kick();
      return result;
    });
  // A stop abandons the sync in progress: a first full sync can take half an hour.
  const syncAbort = new AbortController();
  const syncs = createSyncQueue((mode, onProgress): Promise<SyncOutcome> =>
    tracked('the sync', async () => {
      const evaluated = await syncAndEvaluate(ctx, connector, mode, { signal: syncAbort.signal, onProgress });
      const pings = await overdueCheck();
      return { ...evaluated, pings };
    }),
  );
  const syncNow = (mode: SyncMode = 'incremental', onProgress?: Parameters<typeof syncs.now>[1]) => syncs.now(mode, onProgress);
  const weeklyReport = (firedAt: Date): Promise<void> =>
    tracked('the weekly report', async () => {
      logger.info({ for: firedAt.toISOString() }, 'building the weekly report');
      if (!telegram) {
        await writeReport(ctx, firedAt.getTime(), join(config.OUT_DIR, `report-${firedAt.toISOString().slice(0, 16).replace(':', '-')}`));
        return;
      }
      await deliverScheduledReport(ctx, firedAt.getTime());
      await kick();
    });
  const prune = () => tracked('pruning', async () => pruneAccount(ctx));
  const backup = () => tracked('the nightly backup', () => backupNightly(ctx));

  if (options.token) {
    telegram = await startTelegram(
      {
        ...pingCtx,
        syncNow: (onProgress) => syncNow('incremental', onProgress),
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

  // Opt-in (HTTP_PORT): an operator's monitoring asks how the bot is doing.
  const receiving = (): Receiving => telegram?.receiving() ?? { mode: 'off', alive: null };
  const ops = config.HTTP_PORT === undefined ? null : await startOpsServer({ host: config.HTTP_HOST, port: config.HTTP_PORT, health: () => healthReport(ctx, receiving()), logger });

  const startUp = async (): Promise<void> => {
    const jobs: ScheduledJob[] = [
      { name: 'sync', schedule: config.SYNC_SCHEDULE, run: () => syncNow('incremental') },
      // Incremental syncs miss what the CRM does not report as changed (e.g. deleted tasks): a full one catches it.
      { name: 'full-sync', schedule: config.FULL_SYNC_SCHEDULE, run: () => syncNow('full') },
      { name: 'overdue-check', schedule: OVERDUE_CHECK_SCHEDULE, run: () => overdueCheck() },
      { name: 'daily-control', schedule: DAILY_CONTROL_SCHEDULE, run: () => dailyControl() },
      { name: 'weekly-report', schedule: reportSchedule(ctx.handle.db, config.ACCOUNT_ID, config.REPORT_SCHEDULE), run: weeklyReport },
      { name: 'prune', schedule: PRUNE_SCHEDULE, run: prune },
      ...(config.BACKUP_DIR ? [{ name: 'backup', schedule: config.BACKUP_SCHEDULE, run: backup }] : []),
    ];
    // Each step is skipped once a stop has begun: a stop during the start-up sync ends the start-up there.
    const step = (job: Pick<ScheduledJob, 'name' | 'run'>) => (stopping ? Promise.resolve() : runLogged(job, logger, clock.now()));
    // A fresh start syncs at once, so the data is there for the first report, command or ping.
    // A first start's sync is full and long (half an hour at 100 000 deals): its progress goes to the log.
    await step({ name: 'sync', run: () => syncNow('incremental', logSyncProgress(logger, clock)) });
    if (telegram) await step({ name: 'missed-report', run: () => tracked('the missed report', () => catchUpMissedReport(ctx).then(kick)) });
    // Without Telegram a newcomer gets this week's report as files within a minute.
    else await step({ name: 'weekly-report', run: weeklyReport });
    // A bot that is never up at 03:30 (a laptop) would never prune: a start prunes too (a few deletes, milliseconds).
    await step({ name: 'prune', run: prune });
    if (!stopping) scheduler = startScheduler(jobs, config.TIMEZONE, logger);
  };
  const ready = options.schedule ? startUp() : Promise.resolve();

  return {
    syncNow,
    syncAfterChange: onChange,
    overdueCheck,
    dailyControl,
    weeklyReport,
    telegram,
    ready,
    crmWebhookPort: webhooks?.port ?? null,
    opsPort: ops?.port ?? null,
    async stop() {
      stopping = true;
      syncAbort.abort(new ShuttingDownError('the sync was given up'));
      // No new work: timers, CRM notifications. (Telegram's updates stop below, once the sync a /sync waits on has ended.)
      await scheduler?.stop();
      await webhooks?.close();
      // The start-up work skips its remaining steps and the schedules never start; whatever runs is waited for.
      await ready;
      while (inProgress.size > 0) await Promise.allSettled([...inProgress]);
      // Updates being handled are finished, then the message being sent; nothing more is sent.
      await telegram?.stop();
      await files?.stop();
      heartbeat?.stop();
      // Last: /healthz answers while the bot stops.
      await ops?.close();
    },
  };
}
