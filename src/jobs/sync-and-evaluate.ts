import { eq } from 'drizzle-orm';
import type { CrmConnector } from '../crm/connector';
import { syncRuns } from '../db/schema';
import { reconcileFindings, type ReconcileResult } from '../findings/store';
import { syncDuration, syncs } from '../metrics';
import { SyncBusyError } from '../sync/lease';
import type { SyncProgress } from '../sync/progress';
import { runSync, SyncError, type SyncRun } from '../sync/run-sync';
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
 * this one fails with SyncBusyError. `onProgress` is told how far it has
 * got, page by page. Each sync is counted in the metrics (crmqc_syncs_total,
 * crmqc_sync_duration_seconds) as ok, failed or busy.
 */
export async function syncAndEvaluate(
  ctx: JobContext,
  connector: CrmConnector,
  mode: SyncMode = 'full',
  options: { signal?: AbortSignal; onProgress?: (progress: SyncProgress) => void } = {},
): Promise<Evaluated> {
  const startedAt = ctx.clock.now().getTime();
  // The run decides its mode (a first sync is full whatever was asked); until there is a run, the mode asked is the best label.
  let ranAs: SyncMode = mode;
  const count = (result: 'ok' | 'failed' | 'busy') => {
    syncs.inc({ mode: ranAs, result });
    syncDuration.observe({ mode: ranAs, result }, Math.max(0, ctx.clock.now().getTime() - startedAt) / 1000);
  };
  try {
    const evaluated = await syncThenEvaluate(ctx, connector, mode, options, (run) => (ranAs = run.mode));
    count('ok');
    return evaluated;
  } catch (error) {
    if (error instanceof SyncError) ranAs = runModeOf(ctx, error.runId) ?? ranAs;
    // A sync given up because the process stops is a failed sync like any other: it ended without a snapshot.
    count(error instanceof SyncBusyError ? 'busy' : 'failed');
    throw error;
  }
}

async function syncThenEvaluate(
  ctx: JobContext,
  connector: CrmConnector,
  mode: SyncMode,
  options: { signal?: AbortSignal; onProgress?: (progress: SyncProgress) => void },
  ran: (run: SyncRun) => void,
): Promise<Evaluated> {
  const { config } = ctx;
  const run = await runSync(
    {
      ...ctx,
      accountId: config.ACCOUNT_ID,
      connector,
      leaseWaitMs: config.SYNC_LEASE_WAIT_SECONDS * SECOND,
      timezone: config.TIMEZONE,
      signal: options.signal,
      onProgress: options.onProgress,
    },
    mode,
  );
  ran(run);
  const at = ctx.clock.now().getTime();
  const open = openFindingsAt(ctx, at);
  // The findings' history keeps every finding; a snoozed one is only not counted among the open.
  const findings = reconcileFindings(ctx.handle, config.ACCOUNT_ID, open, at);
  const parked = snoozesInForce(ctx, at);
  const snoozed = open.filter((f) => parked.hides(f)).length;
  ctx.logger.info({ opened: findings.opened.length, resolved: findings.resolved, open: findings.stillOpen + findings.opened.length - snoozed, snoozed }, 'findings recorded');
  return { run, findings, snoozed };
}

/** The mode a failed run was recorded with. */
function runModeOf(ctx: JobContext, runId: number): SyncMode | undefined {
  return ctx.handle.db.select({ mode: syncRuns.mode }).from(syncRuns).where(eq(syncRuns.id, runId)).get()?.mode;
}
