import { compactDatabase, countAccountRows, eraseAccount, type TableCounts } from '../db/purge';
import { acquireSyncLease } from '../sync/lease';
import { SECOND } from '../time';
import type { JobContext } from './context';

export interface PurgeResult {
  /** Rows deleted per table, the `accounts` row included. */
  erased: TableCounts;
  /** Whether the -wal file was truncated after the VACUUM (false: a reader elsewhere held it; it is overwritten as it is reused). */
  walTruncated: boolean;
}

/** What a purge of the configured account would delete, per table, without deleting it. */
export function accountRowCounts({ config, handle }: JobContext): TableCounts {
  return countAccountRows(handle, config.ACCOUNT_ID);
}

/**
 * Erases everything the database holds for the configured account (the right
 * to have one's data deleted): every account-scoped row, the rows hanging off
 * them and the account row, in one transaction. It holds the sync lease while
 * it deletes, so no sync of the account (the bot's, a CLI's) writes a page in
 * the middle: a sync running now is waited for up to SYNC_LEASE_WAIT_SECONDS,
 * then this fails with SyncBusyError and deletes nothing. Afterwards the file
 * is rebuilt (VACUUM) so the deleted rows are gone from it too.
 */
export async function purgeAccount({ config, handle, clock, logger }: JobContext): Promise<PurgeResult> {
  const accountId = config.ACCOUNT_ID;
  const lease = await acquireSyncLease(handle, { accountId, clock, logger, waitMs: config.SYNC_LEASE_WAIT_SECONDS * SECOND, timezone: config.TIMEZONE });
  let erased: TableCounts;
  try {
    erased = handle.sqlite
      .transaction(() => {
        // The purge's own lease row is not the account's data: it goes first, uncounted. No sync can
        // take the lease meanwhile: taking it needs the write lock this transaction holds until it commits.
        lease.release();
        return eraseAccount(handle, accountId);
      })
      .immediate();
  } finally {
    // Again, for a failure rolled back with the release inside: stops the heartbeat, frees the lease.
    lease.release();
  }
  // Outside the lease: the VACUUM only rewrites the file, and may take a while on a large one.
  const { walTruncated } = compactDatabase(handle);
  logger.info({ account: accountId, erased, walTruncated }, 'account purged');
  return { erased, walTruncated };
}
