import { pino, type Logger } from 'pino';

/**
 * Structured JSON logs on stderr (stdout belongs to CLI output). Secrets are
 * redacted by key wherever they appear, as a second line of defence: code
 * must not log them in the first place.
 */
export function createLogger(level: string): Logger {
  return pino(
    {
      level,
      redact: {
        paths: ['token', '*.token', 'config.TELEGRAM_BOT_TOKEN', '*.TELEGRAM_BOT_TOKEN', 'headers.authorization', '*.headers.authorization'],
        censor: '[redacted]',
      },
    },
    pino.destination(2),
  );
}

export type { Logger };
