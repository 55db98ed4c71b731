import type { EpochMs } from '../time';
import { readWindowScope } from '../db/window-scope';
import { loadNorms } from '../norms/store';
import type { Norms } from '../norms/schema';
import { evaluateRules, lookbackMs } from '../rules';
import { SnapshotIndex } from '../rules/snapshot-index';
import type { Finding } from '../rules/types';
import { freshness, staleAfterMs, type Freshness } from '../sync/freshness';
import { lastSuccessfulSync, lastSyncRun } from '../sync/run-sync';
import type { JobContext } from './context';
import { accountWorkTime } from './work-time';
import type { WorkTime } from '../schedules/work-time';

/** Whether a sync ever succeeded: before that, findings and reports have nothing to say. */
export function hasSnapshot({ handle, config }: JobContext): boolean {
  return lastSuccessfulSync(handle, config.ACCOUNT_ID) !== undefined;
}

/**
 * The norms in force, who works when (the account's working calendar and
 * people's own schedules) and the latest
 * snapshot, indexed for rules, as far as rules looking at instants from
 * `from` on need it: on a large account that is a small part of it (see
 * readWindowScope).
 */
export function readAccount(ctx: JobContext, from: EpochMs): { snapshot: SnapshotIndex; norms: Norms; work: WorkTime } {
  const norms = loadNorms(ctx.handle.db, ctx.config.ACCOUNT_ID, ctx.config.TIMEZONE);
  return { snapshot: readSnapshot(ctx, norms, from), norms, work: accountWorkTime(ctx.handle.db, ctx.config.ACCOUNT_ID) };
}

/** The slice of the snapshot rules need for windows from `from` on (and ending by `until`, when given). */
export function readSnapshot({ config, handle }: JobContext, norms: Norms, from: EpochMs, until: EpochMs | null = null): SnapshotIndex {
  return new SnapshotIndex(readWindowScope(handle, config.ACCOUNT_ID, { from, until, lookbackMs: lookbackMs(norms) }));
}

/** How old the snapshot is now, and whether it is too old to act on (SYNC_SCHEDULE decides how old that is). */
export function dataFreshness({ config, handle, clock }: JobContext): Freshness {
  const now = clock.now().getTime();
  const runs = { lastOk: lastSuccessfulSync(handle, config.ACCOUNT_ID), last: lastSyncRun(handle, config.ACCOUNT_ID) };
  return freshness(runs, now, staleAfterMs(config.SYNC_SCHEDULE, config.TIMEZONE, now));
}

/** The findings open at `at` over the latest snapshot. */
export function openFindingsAt(ctx: JobContext, at: EpochMs): Finding[] {
  return openFindingsWithSnapshot(ctx, at).findings;
}

/** The findings open at `at`, with the snapshot they were found in (for deal names and links) and the norms. */
export function openFindingsWithSnapshot(ctx: JobContext, at: EpochMs): { findings: Finding[]; snapshot: SnapshotIndex; norms: Norms } {
  const { snapshot, norms, work } = readAccount(ctx, at);
  return { findings: evaluateRules(snapshot, norms, work, { from: at, at }), snapshot, norms };
}
