import type { CrmConnector } from '../crm/connector';
import { reconcileFindings, type ReconcileResult } from '../findings/store';
import { runSync, type SyncRun } from '../sync/run-sync';
import { SECOND } from '../time';
import { openFindingsAt } from './account-snapshot';
import type { OverdueCheckResult } from './overdue-check';
import type { JobContext } from './context';
import { snoozesInForce } from './snooze';

export type SyncMode = 'full' | 'incremental';

/** What a sync in the running bot reports back: the run, the findings it changed, the pings that followed. */
export interface SyncOutcome extends Evaluated {
  pings: OverdueCheckResult;
}

/** A sync's run and what it found: the findings' changes, and how many open ones snoozes hide (not counted as open). */
export interface Evaluated {
  run: SyncRun;
  findings: ReconcileResult;
  snoozed: number;
}

/**
 * A sync: pulls the CRM (only what changed, when `incremental` and the
 * connector can), then records which findings opened and which resolved.
 * One sync of the account at a time across processes (the sync lease): a
 * sync running elsewhere is waited for up to SYNC_LEASE_WAIT_SECONDS, then
 * this one fails with SyncBusyError.
 */
export async function syncAndEvaluate(ctx: JobContext, connector: CrmConnector, mode: SyncMode = 'full', options: { signal?: AbortSignal } = {}): Promise<Evaluated> {
  const { config } = ctx;
  const run = await runSync(
    { ...ctx, accountId: config.ACCOUNT_ID, connector, leaseWaitMs: config.SYNC_LEASE_WAIT_SECONDS * SECOND, timezone: config.TIMEZONE, signal: options.signal },
    mode,
  );
  const at = ctx.clock.now().getTime();
  const open = openFindingsAt(ctx, at);
  // The findings' history keeps every finding; a snoozed one is only not counted among the open.
  const findings = reconcileFindings(ctx.handle, config.ACCOUNT_ID, open, at);
  const parked = snoozesInForce(ctx, at);
  const snoozed = open.filter((f) => parked.hides(f)).length;
  ctx.logger.info({ opened: findings.opened.length, resolved: findings.resolved, open: findings.stillOpen + findings.opened.length - snoozed, snoozed }, 'findings recorded');
  return { run, findings, snoozed };
}
