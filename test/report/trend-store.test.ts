import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { PUBLIC_WORK_TIME } from '../../src/schedules/work-time';
import { FixedClock } from '../../src/clock';
import { parseConfig } from '../../src/config';
import { isoWeekStart } from '../../src/crm/demo/calendar';
import { generateDemoAccount } from '../../src/crm/demo/generator';
import { chunksAt } from '../../src/crm/demo/snapshot-at';
import { ENTITY_NAMES, type EpochMs, type Snapshot } from '../../src/crm/model';
import { trendPoints, users } from '../../src/db/schema';
import { loadSnapshot } from '../../src/db/snapshot-reader';
import type { JobContext } from '../../src/jobs/context';
import { weeklyReportData } from '../../src/jobs/weekly-report';
import { createLogger } from '../../src/logger';
import { defaultNorms } from '../../src/norms/defaults';
import { loadNorms, saveNorms } from '../../src/norms/store';
import { buildWeeklyReport, earlierWeekEnds, TREND_WEEKS, trendWeekEnds } from '../../src/report/aggregate';
import { loadCountedWeeks, loadTrend } from '../../src/report/trend-store';
import { SnapshotIndex } from '../../src/rules/snapshot-index';
import { markCalendarDay } from '../../src/settings/calendar-days';
import { runFullSync } from '../../src/sync/run-sync';
import { fixtureConnector } from '../support/fixture-connector';
import { tempDatabase } from '../support/temp-db';
import { WEEK } from '../../src/time';
import { accountWorkTime } from '../../src/jobs/work-time';
import { addAbsence } from '../../src/people/schedules';

const SYNCED_AT = Date.parse('2026-11-23T06:00:00Z');
const logger = createLogger('silent');

let db: ReturnType<typeof tempDatabase> | undefined;
afterEach(() => db?.dispose());

/** The demo account synced at SYNCED_AT into a fresh database, and a job context over it. */
async function syncedAccount(): Promise<JobContext> {
  db = tempDatabase();
  const snapshot = Object.fromEntries(ENTITY_NAMES.map((e) => [e, []])) as unknown as Snapshot;
  const timeline = generateDemoAccount({ seed: 7, anchor: isoWeekStart(SYNCED_AT), scale: 0.2 });
  for (const chunk of chunksAt(timeline, SYNCED_AT)) (snapshot[chunk.entity] as unknown[]).push(...chunk.rows);
  const clock = new FixedClock(new Date(SYNCED_AT));
  await runFullSync({ handle: db, accountId: 'main', connector: fixtureConnector(snapshot), clock, logger });
  return { config: parseConfig({ LOG_LEVEL: 'silent' }), handle: db, clock, logger };
}

/** The report counted from scratch over the whole snapshot. */
function fromScratch(ctx: JobContext, at: EpochMs) {
  return buildWeeklyReport(new SnapshotIndex(loadSnapshot(ctx.handle, 'main')), loadNorms(ctx.handle.db, 'main', 'Europe/Moscow'), PUBLIC_WORK_TIME, at);
}

describe('trend points kept between weekly reports', () => {
  it('a report keeps its points; next week\'s takes their totals as they are and equals a report counted from scratch', async () => {
    const ctx = await syncedAccount();
    const at = SYNCED_AT - 2 * 3_600_000;
    const norms = loadNorms(ctx.handle.db, 'main', 'Europe/Moscow');
    expect(loadTrend(ctx.handle.db, 'main', norms, PUBLIC_WORK_TIME, trendWeekEnds(at)).size).toBe(0);
    expect(weeklyReportData(ctx, at - WEEK).data).toEqual(fromScratch(ctx, at - WEEK));

    const known = loadTrend(ctx.handle.db, 'main', norms, PUBLIC_WORK_TIME, trendWeekEnds(at));
    // Last week's report counted this one's seven earlier weeks.
    expect([...known.keys()]).toEqual(trendWeekEnds(at).slice(0, -1));
    const report = weeklyReportData(ctx, at).data;
    expect(report).toEqual(fromScratch(ctx, at));
    // Written: its own week, and last week — kept by last week's report without its managers' rows, counted
    // now for the per-manager trend. The other points stay as last week's report kept them, rows and all.
    const rows = ctx.handle.db.select().from(trendPoints).all();
    expect(rows.filter((p) => p.countedAt === at).map((p) => p.weekEnd).sort()).toEqual([at - WEEK, at]);
    expect([...loadCountedWeeks(ctx.handle.db, 'main', norms, PUBLIC_WORK_TIME, earlierWeekEnds(at)).keys()].sort()).toEqual(earlierWeekEnds(at));
    // Every earlier week kept with its rows: a report again counts none of them, and reads the same.
    expect(weeklyReportData(ctx, at).data).toEqual(report);
    // …taken as they are: a week kept with no manager rows gives the per-manager lines nothing for that week.
    ctx.handle.db.update(trendPoints).set({ managers: [] }).where(eq(trendPoints.weekEnd, at - 3 * WEEK)).run();
    const lines = weeklyReportData(ctx, at).data.managerTrend.lines;
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((line) => line.per100[TREND_WEEKS - 4] === null)).toBe(true);
    expect(report.trend.some((p) => p.violations + p.remarks > 0)).toBe(true);

    // A kept point is taken as it is, not counted again.
    ctx.handle.db.update(trendPoints).set({ violations: 9_999 }).run();
    expect(weeklyReportData(ctx, at).data.trend.map((p) => p.violations).slice(0, -1)).toEqual(Array(TREND_WEEKS - 1).fill(9_999));
  });

  it('points counted under other norms are counted again', async () => {
    const ctx = await syncedAccount();
    const at = SYNCED_AT - 3_600_000;
    weeklyReportData(ctx, at - WEEK);
    const stricter = defaultNorms('Europe/Moscow');
    stricter.rules.task_overdue = { ...stricter.rules.task_overdue, severity: 'remark' };
    stricter.rules.stage_time_exceeded = { ...stricter.rules.stage_time_exceeded, hours: 24 };
    saveNorms(ctx.handle.db, 'main', stricter, SYNCED_AT);
    expect(loadTrend(ctx.handle.db, 'main', stricter, PUBLIC_WORK_TIME, trendWeekEnds(at)).size).toBe(0);
    expect(weeklyReportData(ctx, at).data).toEqual(fromScratch(ctx, at));
  });

  it("points counted before the account marked a day of its own are counted again, by the account's calendar", async () => {
    const ctx = await syncedAccount();
    const at = SYNCED_AT - 3_600_000;
    const norms = loadNorms(ctx.handle.db, 'main', 'Europe/Moscow');
    weeklyReportData(ctx, at - WEEK);
    expect(loadTrend(ctx.handle.db, 'main', norms, PUBLIC_WORK_TIME, trendWeekEnds(at)).size).toBe(TREND_WEEKS - 1);
    // A Monday three weeks back becomes the account's day off: the working clock counts those weeks differently now.
    markCalendarDay(ctx.handle.db, 'main', { year: 2026, month: 11, day: 2 }, false, '1001', SYNCED_AT);
    const work = accountWorkTime(ctx.handle.db, 'main');
    expect(loadTrend(ctx.handle.db, 'main', norms, work, trendWeekEnds(at)).size).toBe(0);
    expect(weeklyReportData(ctx, at).data).toEqual(buildWeeklyReport(new SnapshotIndex(loadSnapshot(ctx.handle, 'main')), norms, work, at));
  });

  it("points counted before a manager's own schedule was set are counted again, by their working time", async () => {
    const ctx = await syncedAccount();
    const at = SYNCED_AT - 3_600_000;
    const norms = loadNorms(ctx.handle.db, 'main', 'Europe/Moscow');
    weeklyReportData(ctx, at - WEEK);
    expect(loadTrend(ctx.handle.db, 'main', norms, accountWorkTime(ctx.handle.db, 'main'), trendWeekEnds(at)).size).toBe(TREND_WEEKS - 1);
    const manager = ctx.handle.db.select().from(users).limit(1).get()!;
    addAbsence(ctx.handle.db, 'main', manager.id, { kind: 'vacation', from: { year: 2026, month: 11, day: 2 }, to: { year: 2026, month: 11, day: 6 } }, '1001', SYNCED_AT);
    const work = accountWorkTime(ctx.handle.db, 'main');
    expect(loadTrend(ctx.handle.db, 'main', norms, work, trendWeekEnds(at)).size).toBe(0);
    expect(weeklyReportData(ctx, at).data).toEqual(buildWeeklyReport(new SnapshotIndex(loadSnapshot(ctx.handle, 'main')), norms, work, at));
  });

  it('keeps no point for a week that had not ended when the snapshot was taken, and drops points no report needs', async () => {
    const ctx = await syncedAccount();
    const norms = loadNorms(ctx.handle.db, 'main', 'Europe/Moscow');
    const ahead = SYNCED_AT + 2 * 3_600_000;
    weeklyReportData(ctx, ahead);
    const kept = loadTrend(ctx.handle.db, 'main', norms, PUBLIC_WORK_TIME, trendWeekEnds(ahead));
    expect([...kept.keys()]).toEqual(trendWeekEnds(ahead).slice(0, -1));

    const monthsLater = ahead + 20 * WEEK;
    weeklyReportData(ctx, monthsLater);
    const left = ctx.handle.db.select().from(trendPoints).all();
    expect(left.every((p) => p.weekEnd >= monthsLater - TREND_WEEKS * WEEK)).toBe(true);
  });
});
