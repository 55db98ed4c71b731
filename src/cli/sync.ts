import { connectorFor, type JobContext } from '../jobs/context';
import { syncAndEvaluate } from '../jobs/sync-and-evaluate';
import { parseCommandArgs } from './usage';

export const SYNC_HELP = `Usage: npm run -s cli -- sync [--full]

Pulls the configured CRM (the CRM variable; demo by default) into the database,
then records which findings opened and which resolved. After a first full sync,
a CRM that can (amoCRM, Bitrix24) is asked only for what changed since the last one.
  --full   read the whole account even so
Prints a one-line summary; exits non-zero if the sync failed (the previous
snapshot is kept).`;

/** `sync`: one full sync and one evaluation, summarised on one line. */
export async function syncCommand(ctx: JobContext, args: string[]): Promise<string> {
  const { values } = parseCommandArgs(args, { full: { type: 'boolean' } }, SYNC_HELP);
  const { run, findings, snoozed } = await syncAndEvaluate(ctx, connectorFor(ctx), values.full ? 'full' : 'incremental');
  const counts = run.counts ?? {};
  const seconds = (((run.finishedAt ?? run.startedAt) - run.startedAt) / 1000).toFixed(1);
  const open = findings.opened.length + findings.stillOpen - snoozed;
  return (
    `Synced ${ctx.config.CRM}${run.mode === 'incremental' ? ' (changes only)' : ''} in ${seconds} s: ${counts.deals ?? 0} deals, ${counts.tasks ?? 0} tasks, ` +
    `${counts.stageChanges ?? 0} stage changes, ${counts.users ?? 0} users. ` +
    `Findings: ${open} open (${findings.opened.length} new, ${findings.resolved} resolved).` +
    (snoozed > 0 ? ` ${snoozed} more snoozed, not counted as open.` : '')
  );
}
