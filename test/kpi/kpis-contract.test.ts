import { afterEach, describe, expect, it } from 'vitest';
import { FixedClock } from '../../src/clock';
import { parseConfig } from '../../src/config';
import { isoWeekStart } from '../../src/crm/demo/calendar';
import { generateDemoAccount } from '../../src/crm/demo/generator';
import { chunksAt } from '../../src/crm/demo/snapshot-at';
import { ENTITY_NAMES, type Snapshot } from '../../src/crm/model';
import { loadSnapshot } from '../../src/db/snapshot-reader';
import type { JobContext } from '../../src/jobs/context';
import { kpisFor } from '../../src/jobs/kpis';
import { accountWorkTime } from '../../src/jobs/work-time';
import { computeKpis } from '../../src/kpi';
import { createLogger } from '../../src/logger';
import { loadNorms } from '../../src/norms/store';
import { SnapshotIndex } from '../../src/rules/snapshot-index';
import { runFullSync } from '../../src/sync/run-sync';
import { DAY, WEEK } from '../../src/time';
import { cliHarness } from '../support/cli-harness';
import { fixtureConnector } from '../support/fixture-connector';
import { tempDatabase } from '../support/temp-db';

const NOW = '2026-11-23T09:00:00+03:00';

describe('kpis --json: the contract', () => {
  const cli = cliHarness(NOW);

  it('prints one object with the window, a row per manager and each pipeline\'s stages; null where undefined', async () => {
    try {
      expect((await cli.run('sync')).code).toBe(0);
      const result = await cli.run('kpis', '--json');
      expect(result).toMatchObject({ code: 0, stderr: '' });
      const kpis = JSON.parse(result.stdout) as Record<string, unknown> & { managers: Record<string, unknown>[]; pipelines: { pipelineId: unknown; stages: Record<string, unknown>[] }[] };
      expect(kpis.from).toBe(new Date(Date.parse(NOW) - WEEK).toISOString());
      expect(kpis.to).toBe(new Date(NOW).toISOString());
      const share = (x: unknown) => x === null || (typeof x === 'number' && x >= 0 && x <= 1);
      const count = (x: unknown) => typeof x === 'number' && Number.isInteger(x) && x >= 0;
      const figure = (x: unknown) => x === null || (typeof x === 'number' && x >= 0);
      expect(kpis.managers.length).toBeGreaterThan(5);
      for (const m of kpis.managers) {
        expect(Object.keys(m).sort()).toEqual(
          ['managerId', 'newDeals', 'firstDialMedianMinutes', 'firstDialP90Minutes', 'reachedShare', 'wonCount', 'wonAmount', 'lostCount', 'lostByReason', 'tasksCompletedPerDay', 'callsPerDay', 'backwardMoves', 'workingDays'].sort(),
        );
        expect(typeof m.managerId).toBe('string');
        expect([m.newDeals, m.wonCount, m.lostCount, m.backwardMoves, m.workingDays].every(count)).toBe(true);
        expect([m.firstDialMedianMinutes, m.firstDialP90Minutes, m.tasksCompletedPerDay, m.callsPerDay].every(figure)).toBe(true);
        expect(share(m.reachedShare)).toBe(true);
        expect(Object.values(m.lostByReason as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(m.lostCount);
      }
      // Someone sold something in a week of the demo, and reached leads.
      expect(kpis.managers.some((m) => (m.wonCount as number) > 0 && (m.reachedShare as number) > 0)).toBe(true);
      expect(kpis.pipelines.length).toBe(5);
      for (const p of kpis.pipelines) {
        expect(typeof p.pipelineId).toBe('string');
        for (const s of p.stages) {
          expect(Object.keys(s).sort()).toEqual(['stageId', 'entered', 'movedForward', 'won', 'lost', 'conversionToNext', 'conversionToWon', 'medianHoursInStage'].sort());
          expect([s.entered, s.movedForward, s.won, s.lost].every(count)).toBe(true);
          expect(share(s.conversionToNext) && share(s.conversionToWon) && figure(s.medianHoursInStage)).toBe(true);
          expect(s.movedForward as number).toBeLessThanOrEqual(s.entered as number);
          if (s.entered === 0) expect(s.conversionToNext).toBeNull();
        }
      }
    } finally {
      cli.dispose();
    }
  });

  it('takes --from and --to, and refuses a window that ends before it starts or a date it cannot read', async () => {
    const other = cliHarness(NOW);
    try {
      await other.run('sync');
      const custom = JSON.parse((await other.run('kpis', '--json', '--from', '2026-11-09', '--to', '2026-11-16')).stdout) as { from: string; to: string };
      expect(custom).toMatchObject({ from: '2026-11-08T21:00:00.000Z', to: '2026-11-15T21:00:00.000Z' });
      expect(await other.run('kpis', '--from', '2026-11-16', '--to', '2026-11-09')).toMatchObject({ code: 2 });
      expect((await other.run('kpis', '--from', '2026-11-16', '--to', '2026-11-09')).stderr).toContain('--from (2026-11-15T21:00:00.000Z) must be before --to (2026-11-08T21:00:00.000Z)');
      expect((await other.run('kpis', '--to', 'вчера')).stderr).toContain('--to "вчера" is not an ISO 8601 date or time');
    } finally {
      other.dispose();
    }
  });
});

describe('kpisFor reads a slice of the snapshot', () => {
  let db: ReturnType<typeof tempDatabase> | undefined;
  afterEach(() => db?.dispose());

  it('and finds what the whole snapshot gives, for several windows of the demo account', async () => {
    db = tempDatabase();
    const now = Date.parse(NOW);
    const snapshot = Object.fromEntries(ENTITY_NAMES.map((e) => [e, []])) as unknown as Snapshot;
    for (const chunk of chunksAt(generateDemoAccount({ seed: 5, anchor: isoWeekStart(now), scale: 0.3 }), now)) (snapshot[chunk.entity] as unknown[]).push(...chunk.rows);
    const clock = new FixedClock(new Date(now));
    const logger = createLogger('silent');
    await runFullSync({ handle: db, accountId: 'main', connector: fixtureConnector(snapshot), clock, logger });
    const ctx: JobContext = { config: parseConfig({ LOG_LEVEL: 'silent' }), handle: db, clock, logger };
    const whole = new SnapshotIndex(loadSnapshot(db, 'main'));
    const norms = loadNorms(db.db, 'main', 'Europe/Moscow');
    for (const window of [{ from: now - WEEK, to: now }, { from: now - 5 * WEEK, to: now - 4 * WEEK }, { from: now - 30 * DAY, to: now - DAY }]) {
      expect(kpisFor(ctx, window)).toEqual(computeKpis(whole, norms, accountWorkTime(db.db, 'main'), window));
    }
  });
});
