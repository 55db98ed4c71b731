import { startApp } from './app';
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
  const app = await startApp(ctx, connector, { token: config.TELEGRAM_BOT_TOKEN, schedule: true });

  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    await app.stop();
    handle.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
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
