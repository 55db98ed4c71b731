import type { CrmConnector } from '../crm/connector';
import { reconcileFindings, type ReconcileResult } from '../findings/store';
import { runSync, type SyncRun } from '../sync/run-sync';
import { SECOND } from '../time';
import { openFindingsAt } from './account-snapshot';
import type { OverdueCheckResult } from './overdue-check';
import type { JobContext } from './context';

export type SyncMode = 'full' | 'incremental';

/** What a sync in the running bot reports back: the run, the findings it changed, the pings that followed. */
export interface SyncOutcome {
  run: SyncRun;
  findings: ReconcileResult;
  pings: OverdueCheckResult;
}

/**
 * A sync: pulls the CRM (only what changed, when `incremental` and the
 * connector can), then records which findings opened and which resolved.
 * One sync of the account at a time across processes (the sync lease): a
 * sync running elsewhere is waited for up to SYNC_LEASE_WAIT_SECONDS, then
 * this one fails with SyncBusyError.
 */
export async function syncAndEvaluate(ctx: JobContext, connector: CrmConnector, mode: SyncMode = 'full'): Promise<{ run: SyncRun; findings: ReconcileResult }> {
  const { config } = ctx;
  const run = await runSync(
    { ...ctx, accountId: config.ACCOUNT_ID, connector, leaseWaitMs: config.SYNC_LEASE_WAIT_SECONDS * SECOND, timezone: config.TIMEZONE },
    mode,
  );
  const at = ctx.clock.now().getTime();
  const findings = reconcileFindings(ctx.handle, config.ACCOUNT_ID, openFindingsAt(ctx, at), at);
  ctx.logger.info({ opened: findings.opened.length, resolved: findings.resolved, open: findings.stillOpen + findings.opened.length }, 'findings recorded');
  return { run, findings };
}
