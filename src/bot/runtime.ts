import { createServer, type Server } from 'node:http';
import { run, type RunnerHandle } from '@grammyjs/runner';
import { GrammyError, webhookCallback, type Bot } from 'grammy';
import { telegramSender } from '../delivery/telegram-sender';
import { createOutboxWorker, type OutboxWorker } from '../delivery/worker';
import { ConfigError } from '../config';
import type { Logger } from '../logger';
import { handleRecipientGone } from '../jobs/recipient-gone';
import { telegramApi } from './api';
import { registerCommands } from './commands';
import type { BotContext, BotDeps } from './context';
import { createBot } from './create-bot';

const OUTBOX_INTERVAL_MS = 1_000;
const ALLOWED_UPDATES = ['message', 'callback_query', 'my_chat_member'] as const;

/** The running bot: updates coming in (long polling or webhook) and the outbox going out. */
export interface TelegramRuntime {
  outbox: OutboxWorker;
  bot: Bot<BotContext>;
  /** The webhook server's port, in webhook mode. */
  webhookPort: number | null;
  /** Updates being handled right now (a graceful stop, and tests, wait for 0). */
  inFlight(): number;
  /** How updates come in and whether that still runs (/healthz): the long-polling runner, or the webhook server listening. */
  receiving(): { mode: 'polling' | 'webhook'; alive: boolean };
  stop(): Promise<void>;
}

/**
 * Starts Telegram delivery: checks the token, starts the outbox worker,
 * registers the command menus and starts receiving updates: long polling by
 * default (updates of one chat in order, different chats in parallel), or a
 * webhook when TELEGRAM_WEBHOOK_URL is set (Telegram's secret_token checked on
 * every post).
 */
export async function startTelegram(deps: Omit<BotDeps, 'outbox'>, token: string): Promise<TelegramRuntime> {
  const { config, logger, handle, clock } = deps;
  const api = telegramApi(token, config.TELEGRAM_API_ROOT);
  const me = await api.getMe().catch((error: unknown) => {
    if (error instanceof GrammyError && error.error_code === 401) {
      throw new ConfigError(['TELEGRAM_BOT_TOKEN: Telegram rejected it (401 Unauthorized); copy the token from @BotFather again']);
    }
    throw error;
  });
  const outbox = createOutboxWorker(handle.db, telegramSender(api), clock, logger, {
    onRecipientGone: (chatId) => handleRecipientGone(deps, chatId, clock.now().getTime()),
  });
  const bot = createBot(token, { ...deps, outbox }, me);
  await registerCommands(api, config.ADMIN_TELEGRAM_IDS).catch((error: unknown) =>
    logger.warn({ err: error }, 'could not register the command menus; commands still work'),
  );
  outbox.start(OUTBOX_INTERVAL_MS);

  if (config.TELEGRAM_WEBHOOK_URL && config.TELEGRAM_WEBHOOK_SECRET) {
    const { server, inFlight } = await listenForWebhook(bot, logger, config.TELEGRAM_WEBHOOK_URL, config.TELEGRAM_WEBHOOK_SECRET, config.TELEGRAM_WEBHOOK_HOST, config.TELEGRAM_WEBHOOK_PORT);
    await api.setWebhook(config.TELEGRAM_WEBHOOK_URL, { secret_token: config.TELEGRAM_WEBHOOK_SECRET, allowed_updates: [...ALLOWED_UPDATES] });
    const port = (server.address() as { port: number }).port;
    // The URL's path is not logged in full: it may carry a secret of its own.
    logger.info({ bot: me.username, port, host: new URL(config.TELEGRAM_WEBHOOK_URL).host }, 'telegram bot started (webhook)');
    return {
      outbox,
      bot,
      webhookPort: port,
      inFlight,
      receiving: () => ({ mode: 'webhook', alive: server.listening }),
      async stop() {
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await outbox.stop();
      },
    };
  }

  // A webhook left from an earlier run would make long polling fail with 409.
  await api.deleteWebhook();
  // The runner's own report of a failed poll prints the request URL, bot token included: it is kept
  // silent, and the failure is logged here without the URL. The runner retries either way.
  bot.api.config.use(async (prev, method, payload, signal) => {
    try {
      return await prev(method, payload, signal);
    } catch (error) {
      if (method === 'getUpdates' && !signal?.aborted) logger.warn({ reason: error instanceof Error ? error.message : String(error) }, 'polling Telegram for updates failed; retrying');
      throw error;
    }
  });
  const runner: RunnerHandle = run(bot, { runner: { silent: true, fetch: { allowed_updates: [...ALLOWED_UPDATES] } } });
  // The runner gives up for good on 401 (token revoked), 409 (another process polls with this token) and after
  // 15 h of failed polls. Unwatched, that rejection would end the process unlogged; watched, the bot keeps
  // sending from the outbox and /healthz says updates are no longer received (receiving().alive false).
  // Only the message is logged: a network failure's cause names the request URL, the token in it.
  runner.task()?.catch((error: unknown) =>
    logger.error({ reason: error instanceof Error ? error.message : String(error) }, 'Telegram long polling stopped: commands are no longer received; restart the bot'),
  );
  logger.info({ bot: me.username }, 'telegram bot started (long polling)');
  return {
    outbox,
    bot,
    webhookPort: null,
    inFlight: () => runner.size(),
    receiving: () => ({ mode: 'polling', alive: runner.isRunning() }),
    async stop() {
      if (runner.isRunning()) await runner.stop();
      await outbox.stop();
    },
  };
}

/**
 * The webhook endpoint: only posts to the URL's path with Telegram's secret
 * header are handled (grammY answers 401 to a wrong secret). Slow handling
 * answers Telegram after 9 s and goes on, so Telegram does not re-send.
 */
async function listenForWebhook(
  bot: Bot<BotContext>,
  logger: Logger,
  url: string,
  secret: string,
  host: string,
  port: number,
): Promise<{ server: Server; inFlight(): number }> {
  let inFlight = 0;
  await bot.init();
  const path = new URL(url).pathname;
  const handle = webhookCallback(bot, 'http', { secretToken: secret, onTimeout: 'return', timeoutMilliseconds: 9_000 });
  const server = createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== path) {
      res.writeHead(404).end();
      return;
    }
    inFlight++;
    handle(req, res)
      .catch((error: unknown) => {
        // Handler errors are caught by the bot's boundary; what lands here is a bad request or a timeout.
        logger.warn({ err: error }, 'webhook request failed');
        if (!res.headersSent) res.writeHead(500).end();
      })
      .finally(() => inFlight--);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return { server, inFlight: () => inFlight };
}
