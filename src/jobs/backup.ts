import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { backupDatabase } from '../db/backup';
import type { EpochMs } from '../time';
import type { JobContext } from './context';

export interface NightlyBackup {
  /** The backup written, as an absolute path. */
  file: string;
  bytes: number;
  ms: number;
  /** The older nightly backups deleted to keep BACKUP_KEEP, by file name. */
  deleted: string[];
}

/** The nightly backup's file name: the account and the local time in TIMEZONE, to the minute. */
export function nightlyBackupName(accountId: string, at: EpochMs, timezone: string): string {
  return `crm-qc-${accountId}-${format(new TZDate(at, timezone), "yyyy-MM-dd'T'HH-mm")}.sqlite`;
}

/** Whether a file name is one of this account's nightly backups (and so may be deleted by their retention). */
export function isNightlyBackupOf(accountId: string, name: string): boolean {
  // ACCOUNT_ID is letters, digits, "-" and "_": only "-" needs no escaping, and none of them is special here.
  return new RegExp(`^crm-qc-${accountId}-\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}\\.sqlite$`).test(name);
}

/**
 * Which of the folder's files retention deletes: of the account's own nightly
 * backups, all but the newest `keep` (by name, which orders them by time),
 * counting the one just written as one of those kept whatever its name says
 * (a clock set back, a TIMEZONE changed). Any other file is never touched.
 */
export function backupsToDelete(names: readonly string[], accountId: string, keep: number, justWritten: string): string[] {
  const others = names
    .filter((name) => name !== justWritten && isNightlyBackupOf(accountId, name))
    .sort()
    .reverse();
  return others.slice(Math.max(0, keep - 1));
}

/**
 * The nightly backup (BACKUP_DIR, BACKUP_SCHEDULE): the database copied with
 * the online backup (src/db/backup.ts) into BACKUP_DIR — created if missing —
 * as `crm-qc-<account>-<YYYY-MM-DDTHH-mm>.sqlite` in TIMEZONE, then the
 * account's oldest nightly backups beyond BACKUP_KEEP deleted. Only after
 * the new one is written and checked: a failed backup deletes nothing.
 */
export async function backupNightly({ config, handle, clock, logger }: JobContext): Promise<NightlyBackup> {
  if (!config.BACKUP_DIR) throw new Error('backupNightly: BACKUP_DIR is not set; the nightly backup is not scheduled without it');
  const folder = resolve(config.BACKUP_DIR);
  mkdirSync(folder, { recursive: true });
  const name = nightlyBackupName(config.ACCOUNT_ID, clock.now().getTime(), config.TIMEZONE);
  const { file, bytes, ms } = await backupDatabase(handle.sqlite, join(folder, name));

  const deleted: string[] = [];
  for (const old of backupsToDelete(readdirSync(folder), config.ACCOUNT_ID, config.BACKUP_KEEP, name)) {
    try {
      rmSync(join(folder, old));
      deleted.push(old);
    } catch (error) {
      // One that cannot go (permissions changed by hand) must not keep the others: the next night tries it again.
      logger.error({ err: error, folder, file: old }, 'could not delete an old nightly backup');
    }
  }
  logger.info({ file, bytes, ms: Math.round(ms), keep: config.BACKUP_KEEP, deleted }, 'nightly backup written');
  return { file, bytes, ms, deleted };
}
