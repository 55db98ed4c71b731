import { join } from 'node:path';
import { systemClock } from './clock';
import { ConfigError, environment, parseConfig, type Config } from './config';
import { createConnector } from './crm/create-connector';
import { openDatabase } from './db/client';
import { describeError } from './errors';
import { prepareAccount, syncAndEvaluate, writeReport, type JobContext } from './jobs';
import { createLogger } from './logger';
import { runLogged, startScheduler } from './scheduler';

/**
 * The long-running process: config → database → CRM sync and weekly report
 * on their schedules. With no configuration at all it runs the embedded demo
 * CRM and writes reports to OUT_DIR.
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger(config.LOG_LEVEL);
  const handle = openDatabase(config.DATABASE_PATH);
  const ctx: JobContext = { config, handle, clock: systemClock, logger };
  prepareAccount(ctx);
  const connector = createConnector(config, ctx.clock);
  logger.info({ crm: config.CRM, account: config.ACCOUNT_ID, database: config.DATABASE_PATH }, 'crm-qc-bot starting');
  if (config.TELEGRAM_BOT_TOKEN) {
    logger.warn('TELEGRAM_BOT_TOKEN is set, but Telegram delivery is not part of this version yet: reports go to files in OUT_DIR');
  }

  const syncJob = { name: 'sync', schedule: config.SYNC_SCHEDULE, run: () => syncAndEvaluate(ctx, connector) };
  const reportJob = { name: 'weekly-report', schedule: config.REPORT_SCHEDULE, run: () => deliverReport(ctx) };
  // A fresh start syncs and reports at once, so a newcomer sees a report within a minute.
  await runLogged(syncJob, logger);
  await runLogged(reportJob, logger);
  const scheduler = startScheduler([syncJob, reportJob], config.TIMEZONE, logger);

  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    await scheduler.stop();
    handle.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

/** Writes the report for "now" into its own folder under OUT_DIR, so earlier reports stay. */
async function deliverReport(ctx: JobContext): Promise<void> {
  const at = ctx.clock.now();
  await writeReport(ctx, at.getTime(), join(ctx.config.OUT_DIR, `report-${at.toISOString().slice(0, 16).replace(':', '-')}`));
}

function loadConfigOrExit(): Config {
  try {
    return parseConfig(environment());
  } catch (error) {
    process.stderr.write(`${error instanceof ConfigError ? error.message : describeError(error)}\n`);
    process.exit(1);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`crm-qc-bot stopped: ${describeError(error)}\n`);
  process.exit(1);
});
