import { describe, expect, it } from 'vitest';
import { FixedClock } from '../../src/clock';
import { openDatabase } from '../../src/db/client';
import { createLogger } from '../../src/logger';
import { saveNorms } from '../../src/norms/store';
import { runFullSync } from '../../src/sync/run-sync';
import { cliHarness } from '../support/cli-harness';
import { fixtureConnector } from '../support/fixture-connector';
import { PUBLIC_WORK_TIME } from '../../src/schedules/work-time';
import { computeKpis, NO_REASON } from '../../src/kpi';
import { quantile } from '../../src/kpi/stats';
import { defaultNorms } from '../../src/norms/defaults';
import { SnapshotIndex } from '../../src/rules/snapshot-index';
import { at, BASE, call, deal, move, task } from '../support/fixture';

/**
 * A week of one pipeline, computed by hand: Monday 16 to Monday 23 November
 * 2026, Moscow. Stages: Целевая (s-new) → Контакт (s-work) → КП (s-offer) →
 * won / lost. Ипполит (m1) has four new deals; Анна (m2) none, and one old
 * deal lost without a reason; Сергей (sup) nothing at all.
 *
 * - d1 (m1, 100 000): new Mon 10:00, dialled 10:05; Контакт Mon 11:00, back to
 *   Целевая Tue 10:00 (a backward move), Контакт again Tue 20:00 (a re-entry),
 *   КП Thu 10:00, won Fri 10:00.
 * - d2 (m1): new Mon 12:00, reached by a task done 12:10 (no dial); skips
 *   Контакт to КП Tue 12:00; lost «Дорого» Wed 18:00.
 * - d3 (m1): new Tue 09:00, dialled 09:45 — too late for the 15-minute norm.
 * - d4 (m1): new Sun 23:50, ten minutes before the window ends: too early to say
 *   whether it was reached in time.
 * - d5 (m2): new on the 10th, in Контакт since then, lost Thu 15:00, no reason.
 */
const msk = (iso: string) => at(`${iso}+03:00`);
const FROM = msk('2026-11-16T00:00:00');
const TO = msk('2026-11-23T00:00:00');

const stages = [...BASE.stages.filter((s) => s.id !== 's-won' && s.id !== 's-lost'),
  { id: 's-offer', pipelineId: 'p1', name: 'КП отправлено', sort: 3, kind: 'open' as const },
  { id: 's-won', pipelineId: 'p1', name: 'Успешно реализовано', sort: 10, kind: 'won' as const },
  { id: 's-lost', pipelineId: 'p1', name: 'Закрыто и не реализовано', sort: 11, kind: 'lost' as const },
];
const snapshot = {
  ...BASE,
  stages,
  deals: [
    deal({ id: 'd1', createdAt: msk('2026-11-16T10:00:00'), price: 100_000, stageId: 's-won', stageEnteredAt: msk('2026-11-20T10:00:00'), closedAt: msk('2026-11-20T10:00:00') }),
    deal({ id: 'd2', createdAt: msk('2026-11-16T12:00:00'), price: 50_000, stageId: 's-lost', stageEnteredAt: msk('2026-11-18T18:00:00'), closedAt: msk('2026-11-18T18:00:00'), lossReason: 'Дорого' }),
    deal({ id: 'd3', createdAt: msk('2026-11-17T09:00:00') }),
    deal({ id: 'd4', createdAt: msk('2026-11-22T23:50:00') }),
    deal({ id: 'd5', createdAt: msk('2026-11-10T10:00:00'), responsibleId: 'm2', stageId: 's-lost', stageEnteredAt: msk('2026-11-19T15:00:00'), closedAt: msk('2026-11-19T15:00:00') }),
  ],
  stageChanges: [
    move('d1', 's-new', 's-work', msk('2026-11-16T11:00:00')),
    move('d1', 's-work', 's-new', msk('2026-11-17T10:00:00')),
    move('d1', 's-new', 's-work', msk('2026-11-17T20:00:00')),
    move('d1', 's-work', 's-offer', msk('2026-11-19T10:00:00')),
    move('d1', 's-offer', 's-won', msk('2026-11-20T10:00:00')),
    move('d2', 's-new', 's-offer', msk('2026-11-17T12:00:00')),
    move('d2', 's-offer', 's-lost', msk('2026-11-18T18:00:00')),
    move('d5', 's-new', 's-work', msk('2026-11-10T11:00:00')),
    move('d5', 's-work', 's-lost', msk('2026-11-19T15:00:00')),
  ],
  tasks: [
    task({ id: 't1', dealId: 'd2', createdAt: msk('2026-11-16T12:00:00'), completed: true, completedAt: msk('2026-11-16T12:10:00') }),
    task({ id: 't2', dealId: 'd1', createdAt: msk('2026-11-16T12:00:00'), completed: true, completedAt: msk('2026-11-18T15:00:00') }),
    task({ id: 't3', dealId: 'd5', responsibleId: 'm2', createdAt: msk('2026-11-16T12:00:00'), completed: true, completedAt: msk('2026-11-19T10:00:00') }),
    // Done before the window: not this week's work.
    task({ id: 't4', dealId: 'd5', responsibleId: 'm2', createdAt: msk('2026-11-12T12:00:00'), completed: true, completedAt: msk('2026-11-13T10:00:00') }),
  ],
  calls: [
    call({ id: 'c1', dealId: 'd1', at: msk('2026-11-16T10:05:00') }),
    call({ id: 'c2', dealId: 'd3', at: msk('2026-11-17T09:45:00') }),
    // A missed incoming call is no work done; an answered one is.
    call({ id: 'c3', dealId: 'd3', direction: 'in', missed: true, durationSec: 0, at: msk('2026-11-17T11:00:00') }),
    call({ id: 'c4', dealId: 'd5', userId: 'm2', direction: 'in', at: msk('2026-11-19T11:00:00') }),
  ],
};

describe('computeKpis on a hand-computed week', () => {
  const norms = { ...defaultNorms('Europe/Moscow'), keyStages: { p1: 's-offer' } };
  const kpis = computeKpis(new SnapshotIndex(snapshot), norms, PUBLIC_WORK_TIME, { from: FROM, to: TO });

  it('per manager', () => {
    expect(kpis.managers).toEqual([
      {
        managerId: 'm1',
        newDeals: 4,
        // Dials after 5 and 45 minutes: the median halfway, p90 nine tenths of the way.
        firstDialMedianMinutes: 25,
        firstDialP90Minutes: 41,
        // d1 (dialled in 5 min) and d2 (a task in 10) in time, d3 late; d4's deadline is after the window.
        reachedShare: 2 / 3,
        wonCount: 1,
        wonAmount: 100_000,
        lostCount: 1,
        lostByReason: { Дорого: 1 },
        // Monday to Friday: five working days.
        tasksCompletedPerDay: 0.4,
        callsPerDay: 0.4,
        backwardMoves: 1,
        workingDays: 5,
      },
      { managerId: 'm2', newDeals: 0, firstDialMedianMinutes: null, firstDialP90Minutes: null, reachedShare: null, wonCount: 0, wonAmount: 0, lostCount: 1, lostByReason: { [NO_REASON]: 1 }, tasksCompletedPerDay: 0.2, callsPerDay: 0.2, backwardMoves: 0, workingDays: 5 },
      { managerId: 'sup', newDeals: 0, firstDialMedianMinutes: null, firstDialP90Minutes: null, reachedShare: null, wonCount: 0, wonAmount: 0, lostCount: 0, lostByReason: {}, tasksCompletedPerDay: 0, callsPerDay: 0, backwardMoves: 0, workingDays: 5 },
    ]);
  });

  it('per stage of the pipeline, the key stage marked', () => {
    expect(kpis.pipelines).toEqual([
      {
        pipelineId: 'p1',
        keyStageId: 's-offer',
        stages: [
          // d1–d4 entered (d5 long before); d1 and d2 went on (d2 skipping Контакт); stays of 1, 10 and 24 h ended.
          { stageId: 's-new', entered: 4, movedForward: 2, won: 1, lost: 1, conversionToNext: 0.5, conversionToWon: 0.25, medianHoursInStage: 10 },
          // d1 alone entered (twice: counted once); stays of 23 h, 38 h and d5's 220 h ended.
          { stageId: 's-work', entered: 1, movedForward: 1, won: 1, lost: 0, conversionToNext: 1, conversionToWon: 1, medianHoursInStage: 38 },
          // d1 won from it, d2 lost from it (lost is not forward); stays of 24 h and 30 h.
          { stageId: 's-offer', entered: 2, movedForward: 1, won: 1, lost: 1, conversionToNext: 0.5, conversionToWon: 0.5, medianHoursInStage: 27 },
        ],
      },
    ]);
  });

  it('a window with no working day has no per-day figures', () => {
    const weekend = computeKpis(new SnapshotIndex(snapshot), norms, PUBLIC_WORK_TIME, { from: msk('2026-11-21T00:00:00'), to: msk('2026-11-23T00:00:00') });
    expect(weekend.managers.find((m) => m.managerId === 'm1')).toMatchObject({ workingDays: 0, tasksCompletedPerDay: null, callsPerDay: null, newDeals: 1 });
  });
});

describe('kpis --json on the same week', () => {
  it('prints the hand-computed table', async () => {
    const cli = cliHarness('2026-11-23T09:00:00+03:00');
    try {
      // The week synced into the CLI's database as a CRM would bring it, with the key stage set
      // (any command first makes the account the database holds).
      await cli.run('norms', 'export');
      const handle = openDatabase(cli.env.DATABASE_PATH!);
      try {
        await runFullSync({ handle, accountId: 'main', connector: fixtureConnector(snapshot), clock: new FixedClock(new Date(TO)), logger: createLogger('silent') });
        saveNorms(handle.db, 'main', { ...defaultNorms('Europe/Moscow'), keyStages: { p1: 's-offer' } }, TO);
      } finally {
        handle.close();
      }
      const result = await cli.run('kpis', '--json', '--from', '2026-11-16', '--to', '2026-11-23');
      expect(result.stderr).toBe('');
      const printed = JSON.parse(result.stdout) as { from: string; to: string; managers: unknown[]; pipelines: unknown[] };
      const expected = computeKpis(new SnapshotIndex(snapshot), { ...defaultNorms('Europe/Moscow'), keyStages: { p1: 's-offer' } }, PUBLIC_WORK_TIME, { from: FROM, to: TO });
      expect(printed).toEqual({ from: '2026-11-15T21:00:00.000Z', to: '2026-11-22T21:00:00.000Z', managers: expected.managers, pipelines: expected.pipelines });
      expect(printed.managers[0]).toMatchObject({ managerId: 'm1', newDeals: 4, firstDialMedianMinutes: 25, reachedShare: 2 / 3, backwardMoves: 1 });
    } finally {
      cli.dispose();
    }
  });
});

describe('quantile (as the spreadsheet PERCENTILE.INC)', () => {
  it.each([
    [[], 0.5, null],
    [[7], 0.9, 7],
    [[5, 45], 0.5, 25],
    [[1, 2, 3, 4], 0.5, 2.5],
    [[10, 1, 24], 0.5, 10],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9, 9.1],
  ])('%j at %d → %d', (values, q, expected) => {
    const value = quantile(values, q);
    if (expected === null) expect(value).toBeNull();
    else expect(value).toBeCloseTo(expected, 10);
  });
});
