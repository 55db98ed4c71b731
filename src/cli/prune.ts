import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import type { JobContext } from '../jobs/context';
import { pruneAccount } from '../jobs/prune';
import { formatCounts } from './purge';
import { parseCommandArgs } from './usage';

export const PRUNE_HELP = `Usage: npm run -s cli -- prune

Deletes now what the bot prunes every night (03:30 in TIMEZONE) for ACCOUNT_ID,
once it is RETENTION_DAYS old (default 90):
  - messages sent, failed, cancelled or lost in a crash (outbox) and their
    report images (outbox_files), except those an open ping or an unsent
    edit still needs;
  - closed pings (they keep copies of deal names and task texts);
  - ended snoozes (a reason typed into one may name a customer);
  - sync runs, except the newest successful full and incremental ones and the
    newest of any outcome (the data's freshness and /status read them).
Findings, trend points, norms, settings, links and the audit log are kept.
Prints the number of rows deleted per table.`;

/** `prune`: the retention pruning, now. */
export function pruneCommand(ctx: JobContext, args: string[]): string {
  parseCommandArgs(args, {}, PRUNE_HELP);
  const { before, pruned } = pruneAccount(ctx);
  const cutoff = format(new TZDate(before, ctx.config.TIMEZONE), 'yyyy-MM-dd HH:mm');
  const total = Object.values(pruned).reduce((sum, n) => sum + n, 0);
  return `Pruned ${total} rows from before ${cutoff} (${ctx.config.TIMEZONE}; RETENTION_DAYS=${ctx.config.RETENTION_DAYS}):\n${formatCounts(pruned)}`;
}
