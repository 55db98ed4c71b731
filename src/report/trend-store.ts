import { createHash } from 'node:crypto';
import { and, eq, inArray, lt } from 'drizzle-orm';
import { workTimeFingerprint, type WorkTime } from '../schedules/work-time';
import type { EpochMs } from '../crm/model';
import type { Db } from '../db/client';
import { trendPoints } from '../db/schema';
import type { Norms } from '../norms/schema';
import type { SeverityCounts } from '../rules';
import { TREND_WEEKS, type CountedWeek, type KnownTrend } from './aggregate';
import type { ManagerRow } from './model';
import type { TrendPoint } from './model';
import { WEEK } from '../time';

/**
 * Raise when a rule's logic changes: points counted by the old logic then
 * stop counting, and the next report counts its weeks again.
 */
// 2: the working clock skips public holidays, moved days off and the account's own days off.
// 3: the working clock is the responsible manager's own (personal schedules and absences).
// 4: first contact is any outgoing call attempt or an answered incoming call, not outgoing calls only.
// 5: missed calls not returned (a new rule), and calls filed on a contact or company count for its deals.
const RULES_REVISION = 5;

/**
 * What a point was counted under: the norms (thresholds, clocks,
 * severities), who works when (the account's calendar and people's own
 * schedules: which hours the working clock counts) and the rules' revision.
 */
export function normsKey(norms: Norms, work: WorkTime): string {
  return createHash('sha256').update(stableJson({ rules: RULES_REVISION, norms, work: workTimeFingerprint(work) })).digest('hex').slice(0, 32);
}

/** The points among `weekEnds` counted under these norms and work time. */
export function loadTrend(db: Db, accountId: string, norms: Norms, work: WorkTime, weekEnds: readonly EpochMs[]): KnownTrend {
  const rows = db
    .select()
    .from(trendPoints)
    .where(and(eq(trendPoints.accountId, accountId), eq(trendPoints.normsKey, normsKey(norms, work)), inArray(trendPoints.weekEnd, [...weekEnds])))
    .all();
  return new Map(rows.map((row): [EpochMs, SeverityCounts] => [row.weekEnd, { violations: row.violations, remarks: row.remarks }]));
}

/**
 * The weeks among `weekEnds` kept with their managers' rows, under these
 * norms and work time: the per-manager trend takes them as they are instead
 * of counting the week again.
 */
export function loadCountedWeeks(db: Db, accountId: string, norms: Norms, work: WorkTime, weekEnds: readonly EpochMs[]): Map<EpochMs, CountedWeek> {
  const rows = db
    .select()
    .from(trendPoints)
    .where(and(eq(trendPoints.accountId, accountId), eq(trendPoints.normsKey, normsKey(norms, work)), inArray(trendPoints.weekEnd, [...weekEnds])))
    .all();
  const weeks = new Map<EpochMs, CountedWeek>();
  for (const row of rows) {
    if (row.managers !== null) weeks.set(row.weekEnd, { counts: { violations: row.violations, remarks: row.remarks }, managers: row.managers as unknown as ManagerRow[] });
  }
  return weeks;
}

/**
 * Keeps the trend points a report counted, for the reports after it. Only
 * weeks that had ended when the snapshot was taken (`snapshotAt`) are kept:
 * a later week's data was not all in yet. Points too old for any coming report's
 * trend are dropped, so reports at odd hours (/report, the CLI) leave no
 * pile behind.
 */
export function keepTrend(
  db: Db,
  accountId: string,
  norms: Norms,
  work: WorkTime,
  trend: readonly (TrendPoint & { managers?: readonly ManagerRow[] | undefined })[],
  snapshotAt: EpochMs,
  at: EpochMs,
): void {
  const key = normsKey(norms, work);
  db.transaction((tx) => {
    for (const point of trend) {
      if (point.weekEnd > snapshotAt) continue;
      const managers = point.managers ? (point.managers as unknown as Record<string, unknown>[]) : null;
      const row = { accountId, weekEnd: point.weekEnd, normsKey: key, violations: point.violations, remarks: point.remarks, managers, countedAt: at };
      tx.insert(trendPoints).values(row).onConflictDoUpdate({ target: [trendPoints.accountId, trendPoints.weekEnd], set: row }).run();
    }
    tx.delete(trendPoints)
      .where(and(eq(trendPoints.accountId, accountId), lt(trendPoints.weekEnd, at - TREND_WEEKS * WEEK)))
      .run();
  }, { behavior: 'immediate' });
}

/** JSON with object keys sorted, so equal norms always give the same key. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
