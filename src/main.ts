import { SHUTDOWN_DEADLINE_MS, startApp } from './app';
import { systemClock } from './clock';
import { ConfigError, environment, parseConfig, type Config } from './config';
import { openDatabase } from './db/client';
import { describeError } from './errors';
import { connectorFor, prepareAccount, type JobContext } from './jobs/context';
import { createLogger } from './logger';

/**
 * The long-running process: config → database → CRM sync, overdue pings and
 * the weekly report on their schedules. With no configuration at all it runs
 * the embedded demo CRM and writes reports to OUT_DIR; with
 * TELEGRAM_BOT_TOKEN it is the Telegram bot.
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger(config.LOG_LEVEL);
  const handle = openDatabase(config.DATABASE_PATH);
  const ctx: JobContext = { config, handle, clock: systemClock, logger };
  prepareAccount(ctx);
  const connector = connectorFor(ctx);
  logger.info({ crm: config.CRM, account: config.ACCOUNT_ID, database: config.DATABASE_PATH, telegram: Boolean(config.TELEGRAM_BOT_TOKEN) }, 'crm-qc-bot starting');
  const starting = startApp(ctx, connector, { token: config.TELEGRAM_BOT_TOKEN, schedule: true });

  // Listening before the app is up: a stop may come during the start-up sync, which can take half an hour.
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) {
      logger.warn({ signal }, 'already stopping; the work in progress is being ended');
      return;
    }
    stopping = true;
    logger.info({ signal, deadlineMs: SHUTDOWN_DEADLINE_MS }, 'shutting down');
    const overdue = setTimeout(() => {
      logger.error({ deadlineMs: SHUTDOWN_DEADLINE_MS }, 'the work in progress did not end in time; exiting anyway (the database holds only whole transactions)');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS);
    try {
      await (await starting).stop();
      handle.close();
      logger.info('stopped');
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'stopping failed');
      process.exit(1);
    } finally {
      clearTimeout(overdue);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  await starting;
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
