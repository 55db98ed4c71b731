import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { BackupError, backupDatabase, openForBackup } from '../db/backup';
import { CommandError, parseCommandArgs, UsageError, type FileCommandContext } from './usage';

export const BACKUP_HELP = `Usage: npm run -s cli -- backup FILE

Copies the database (DATABASE_PATH) to FILE with SQLite's online backup:
safe while the bot runs and syncs, it copies one consistent state of the
file. The copy is written beside FILE, checked (PRAGMA integrity_check, and
that it is a crm-qc-bot database) and renamed over FILE: FILE is replaced
whole or not at all. It is one self-contained file (no -wal beside it), to
copy anywhere and bring back with "restore FILE".
FILE's folder must exist; FILE must not be the database itself.
Prints the backup's path, its size and how long it took.`;

/** `backup FILE`: the online backup, checked, in place at once. */
export async function backupCommand({ config }: FileCommandContext, args: string[]): Promise<string> {
  const { positionals } = parseCommandArgs(args, {}, BACKUP_HELP, 1);
  const [file] = positionals;
  if (!file) throw new UsageError('backup needs the FILE to write, e.g. backup backups/crm-qc.sqlite', BACKUP_HELP);
  const database = resolve(config.DATABASE_PATH);
  if (!existsSync(database)) throw new CommandError(`backup: there is no database at ${database} (DATABASE_PATH) to back up`);
  // Not openDatabase: a backup copies the file as it is, and must not wait for a sync's write lock.
  const source = openForBackup(database);
  try {
    const { file: written, bytes, ms } = await backupDatabase(source, file);
    return `Backed up ${database} to ${written}: ${formatBytes(bytes)} in ${(ms / 1000).toFixed(1)} s (integrity check ok).`;
  } catch (error) {
    if (error instanceof BackupError) throw new CommandError(`backup: ${error.message}`);
    throw error;
  } finally {
    source.close();
  }
}

/** A file's size for people: "812 KB", "12.4 MB", "1.3 GB" (powers of 1024), with the bytes when under a kilobyte. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value >= 100 || unit === 0 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}
