import { pino, stdSerializers, type DestinationStream, type Logger } from 'pino';

/**
 * Fields an error may carry that hold what was being sent, never to be
 * logged: grammY's GrammyError keeps the request's `payload` (a message's
 * text, with deal names and people in it), HTTP errors may keep headers.
 */
const UNLOGGED_ERROR_FIELDS = ['payload', 'headers', 'body', 'requestBody'];

/**
 * An error as a log field: type, message, stack, its typed fields (a CRM
 * error's `failure` and `status`, a Bot API error's `method` and
 * `error_code`) and its causes — less the fields that carry what was sent.
 */
export function serializeError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const serialized: Record<string, unknown> = stdSerializers.errWithCause(error);
  for (const field of UNLOGGED_ERROR_FIELDS) delete serialized[field];
  if (error.cause !== undefined) serialized.cause = serializeError(error.cause);
  return serialized;
}

/** Keys that hold secrets. */
const SECRET_KEYS = ['token', 'TELEGRAM_BOT_TOKEN', 'BITRIX24_WEBHOOK_URL'];
/** Keys that hold what people typed into the CRM or a message written from it: customers' personal data (152-ФЗ). */
const PERSONAL_DATA_KEYS = ['html', 'text', 'caption', 'captions', 'dealName', 'task', 'facts', 'phone', 'email'];

/**
 * Structured JSON logs on stderr (stdout belongs to CLI output). Errors go
 * under `err` as the error object itself and are serialized with their
 * context. Secrets and customers' data are redacted by key wherever they
 * appear (at the top or one level down), as a second line of defence: code
 * must not log them in the first place.
 */
export function createLogger(level: string, destination: DestinationStream = pino.destination(2)): Logger {
  return pino(
    {
      level,
      serializers: { err: serializeError },
      redact: {
        paths: [...SECRET_KEYS, ...PERSONAL_DATA_KEYS].flatMap((key) => [key, `*.${key}`]).concat(['headers.authorization', '*.headers.authorization']),
        censor: '[redacted]',
      },
    },
    destination,
  );
}

export type { Logger };
