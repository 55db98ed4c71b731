import { autoRetry } from '@grammyjs/auto-retry';
import { Api } from 'grammy';

/**
 * A Bot API client with Telegram's flood limits handled: 429s (and 5xx) are
 * waited out briefly and retried; network errors are rethrown so the outbox,
 * which owns re-sends, decides. `apiRoot` points at a self-hosted Bot API
 * server or a test fake.
 */
export function telegramApi(token: string, apiRoot: string): Api {
  const api = new Api(token, { apiRoot });
  installRetries(api);
  return api;
}

export function installRetries(api: Api): void {
  api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 30, rethrowHttpErrors: true }));
}
