import { RestoreError, restoreDatabase } from '../db/backup';
import { formatBytes } from './backup';
import { CommandError, parseCommandArgs, UsageError, type FileCommandContext } from './usage';

export const RESTORE_HELP = `Usage: npm run -s cli -- restore FILE

Replaces the database (DATABASE_PATH) with the backup FILE (written by
"backup" or a nightly backup). Stop the bot first: restore refuses while a
bot runs on the database (its heartbeat, written every 30 s, is under 90 s
old), while a sync holds it, or while any other process has it open.
FILE is checked first and refused, the database untouched, when it is not an
SQLite database, is damaged (PRAGMA integrity_check), is not a crm-qc-bot
database, or comes from a newer version of crm-qc-bot.
The database it replaces is kept beside it as
  DATABASE_PATH.before-restore-<local time>
so a restore can be undone by restoring that file. A backup from an older
version gets the migrations it lacks. Then start the bot again.`;

/** `restore FILE`: the backup checked and put in the database's place, the old one kept. */
export function restoreCommand({ config, clock }: FileCommandContext, args: string[]): string {
  const { positionals } = parseCommandArgs(args, {}, RESTORE_HELP, 1);
  const [file] = positionals;
  if (!file) throw new UsageError('restore needs the backup FILE to restore, e.g. restore backups/crm-qc.sqlite', RESTORE_HELP);
  try {
    const result = restoreDatabase({ source: file, databasePath: config.DATABASE_PATH, now: clock.now().getTime(), timezone: config.TIMEZONE });
    const migrations = result.migrationsApplied > 0 ? `; ${result.migrationsApplied} newer migration${result.migrationsApplied > 1 ? 's' : ''} applied` : '';
    const kept = result.keptAs
      ? result.replacedUnreadable
        ? `The database it replaced could not be read (damaged); it is kept as it was, as ${result.keptAs}.`
        : `The database it replaced is kept as ${result.keptAs}: to undo, stop the bot and restore that file.`
      : `There was no database at ${result.databasePath} before.`;
    return [
      `Restored ${result.source} into ${result.databasePath}: ${formatBytes(result.bytes)}, integrity check ok${migrations}.`,
      kept,
      'Next: start the bot (npm start, systemctl start crm-qc-bot, or docker compose start bot).',
    ].join('\n');
  } catch (error) {
    if (error instanceof RestoreError) throw new CommandError(`restore: ${error.message}`);
    throw error;
  }
}
