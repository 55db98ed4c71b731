import { pino, type DestinationStream, type Logger } from 'pino';

/**
 * Structured JSON logs on stderr (stdout belongs to CLI output). Secrets are
 * redacted by key wherever they appear, as a second line of defence: code
 * must not log them in the first place.
 */
export function createLogger(level: string, destination: DestinationStream = pino.destination(2)): Logger {
  return pino(
    {
      level,
      redact: {
        paths: ['token', '*.token', 'config.TELEGRAM_BOT_TOKEN', '*.TELEGRAM_BOT_TOKEN', 'config.BITRIX24_WEBHOOK_URL', '*.BITRIX24_WEBHOOK_URL', 'headers.authorization', '*.headers.authorization'],
        censor: '[redacted]',
      },
    },
    destination,
  );
}

export type { Logger };
