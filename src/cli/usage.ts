import { parseArgs, type ParseArgsConfig } from 'node:util';
import { TZDate } from '@date-fns/tz';
import type { JobContext } from '../jobs/context';

/** Bad command-line input: printed with a hint, exit code 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly help: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A failure the operator must act on (no snapshot yet, CRM down): printed, exit code 1. */
export class CommandError extends Error {
  override name = 'CommandError';
}

/**
 * What a command that handles the database file itself (backup, restore) is
 * given: a use case's context without the open database — restore must not
 * open, let alone migrate, the file it is about to replace.
 */
export type FileCommandContext = Omit<JobContext, 'handle'>;

/** parseArgs that reports unknown options and stray arguments as UsageError with the command's help. */
export function parseCommandArgs<O extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: O,
  help: string,
  maxPositionals = 0,
) {
  try {
    const parsed = parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
    if (parsed.positionals.length > maxPositionals) {
      throw new UsageError(`unexpected argument "${parsed.positionals[maxPositionals]}"`, help);
    }
    return parsed;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError((error as Error).message, help);
  }
}

/**
 * Reads `--at` (or another instant option): an ISO 8601 instant ("2026-11-23T09:00:00Z", "2026-11-23T12:00+03:00"),
 * or a date alone, meaning midnight of that day in the account's timezone.
 */
export function parseInstant(value: string | undefined, timezone: string, now: Date, help: string, option = '--at'): number {
  if (value === undefined) return now.getTime();
  const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (dateOnly) {
    const [, y, m, d] = dateOnly.map(Number) as [number, number, number, number];
    return new TZDate(y, m - 1, d, timezone).getTime();
  }
  const at = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(at)) {
    throw new UsageError(`${option} "${value}" is not an ISO 8601 date or time (examples: 2026-11-23, 2026-11-23T09:00:00+03:00)`, help);
  }
  return at;
}
