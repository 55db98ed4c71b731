import { pruneOldRows, type PruneCounts } from '../db/retention';
import { DAY, type EpochMs } from '../time';
import type { JobContext } from './context';

export interface PruneResult {
  /** Rows finished (sent, closed, synced) before this instant were eligible: now less RETENTION_DAYS. */
  before: EpochMs;
  pruned: PruneCounts;
}

/**
 * Retention: deletes the account's finished messages, closed pings and old
 * sync runs once they are RETENTION_DAYS old (what exactly stays:
 * src/db/retention.ts). Runs daily in the bot and on `cli prune`. Only
 * counts are logged: the rows hold deal names and task texts.
 */
export function pruneAccount({ config, handle, clock, logger }: JobContext): PruneResult {
  const before = clock.now().getTime() - config.RETENTION_DAYS * DAY;
  const pruned = pruneOldRows(handle, config.ACCOUNT_ID, before);
  logger.info({ account: config.ACCOUNT_ID, retentionDays: config.RETENTION_DAYS, before: new Date(before).toISOString(), pruned }, 'old rows pruned');
  return { before, pruned };
}
