import type { JobContext } from '../jobs/context';
import { accountRowCounts, purgeAccount } from '../jobs/purge-account';
import { parseCommandArgs, UsageError } from './usage';

export const PURGE_HELP = `Usage: npm run -s cli -- purge --yes

Erases everything this database holds for ACCOUNT_ID, for good: the CRM
snapshot, findings, trend points, norms, settings, bound chats, admins, links,
pings, every message queued or sent (with report images), sync runs, OAuth
tokens, the audit log, and the account itself. One transaction: all or nothing.
  --yes   do it (without it, nothing is deleted: it says what would be)
It waits for a sync of the account that is running (up to
SYNC_LEASE_WAIT_SECONDS) and holds off new ones while it deletes; then the
database file is rebuilt (VACUUM) so the erased rows are gone from the file
too, not only marked free. Stop the bot first: a running bot would start
filling the database again for the account. Files under OUT_DIR (reports,
messages written without a bot token) are not touched: delete them yourself.
Prints the number of rows erased per table.`;

/** `purge --yes`: the account erased, per table. */
export async function purgeCommand(ctx: JobContext, args: string[]): Promise<string> {
  const { values } = parseCommandArgs(args, { yes: { type: 'boolean' } }, PURGE_HELP);
  const account = `account "${ctx.config.ACCOUNT_ID}" in ${ctx.config.DATABASE_PATH}`;
  if (!values.yes) {
    const counts = accountRowCounts(ctx);
    throw new UsageError(`purge would erase everything the database holds for ${account}, for good:\n${formatCounts(counts)}\nAdd --yes to erase it.`, PURGE_HELP);
  }
  const { erased, walTruncated } = await purgeAccount(ctx);
  const file = walTruncated
    ? 'The database file was rebuilt (VACUUM): the erased rows are gone from it.'
    : 'The database file was rebuilt (VACUUM), but another process reading it kept its -wal file from being truncated: stop it and run purge again to be sure no copy is left.';
  return `Erased ${account}:\n${formatCounts(erased)}\n${file}`;
}

/** Rows per table, one table a line, with the total. */
export function formatCounts(counts: Record<string, number>): string {
  const tables = Object.keys(counts).sort();
  const width = Math.max(...tables.map((t) => t.length), 'total'.length);
  const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
  return [...tables.map((t) => `  ${t.padEnd(width)}  ${counts[t]}`), `  ${'total'.padEnd(width)}  ${total}`].join('\n');
}
