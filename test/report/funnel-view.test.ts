import { describe, expect, it } from 'vitest';
import type { Kpis, PipelineKpis, StageKpis } from '../../src/kpi';
import { funnelViews, leakStage } from '../../src/report/funnel-view';

const stage = (stageId: string, entered: number, movedForward: number): StageKpis => ({
  stageId,
  entered,
  movedForward,
  won: 0,
  lost: 0,
  conversionToNext: entered === 0 ? null : movedForward / entered,
  conversionToWon: null,
  medianHoursInStage: null,
});
const kpis = (pipelines: PipelineKpis[]): Kpis => ({ from: 0, to: 1, managers: [], pipelines });
const names = { pipeline: (id: string) => `Воронка ${id}`, stage: (id: string) => `Этап ${id}` };

describe('leakStage: where the funnel loses most', () => {
  it.each<[string, StageKpis[], string | null]>([
    ['the lowest conversion', [stage('a', 100, 90), stage('b', 90, 40), stage('c', 40, 30)], 'b'],
    // 1 of 4 going on says nothing: a stage is judged from 5 deals entering it.
    ['not a stage fewer than 5 deals entered', [stage('a', 100, 90), stage('b', 4, 1), stage('c', 40, 30)], 'c'],
    // The same conversion: where more deals stopped.
    ['on a tie, where more deals stopped', [stage('a', 10, 5), stage('b', 40, 20)], 'b'],
    ['on a full tie, the earlier stage', [stage('a', 10, 5), stage('b', 10, 5)], 'a'],
    ['none with too few deals anywhere', [stage('a', 4, 0), stage('b', 0, 0)], null],
  ])('%s', (_, stages, expected) => {
    expect(leakStage(stages)).toBe(expected);
  });
});

describe('funnelViews: the funnels the report shows', () => {
  const week = kpis([
    { pipelineId: 'p1', keyStageId: 's2', stages: [stage('s1', 6, 5), stage('s2', 5, 4)] },
    { pipelineId: 'p2', keyStageId: null, stages: [stage('t1', 0, 0)] },
    { pipelineId: 'p3', keyStageId: null, stages: [stage('u1', 30, 10), stage('u2', 10, 5)] },
  ]);
  const previous = kpis([{ pipelineId: 'p1', keyStageId: 's2', stages: [stage('s1', 10, 9), stage('s2', 0, 0)] }]);

  it('keeps the pipelines deals entered this week, busiest first, with last week\'s conversion, the key stage and the leak', () => {
    expect(funnelViews(week, previous, names)).toEqual([
      {
        pipelineId: 'p3',
        name: 'Воронка p3',
        stages: [
          { stageId: 'u1', name: 'Этап u1', entered: 30, movedForward: 10, conversion: 10 / 30, previousConversion: null, key: false },
          { stageId: 'u2', name: 'Этап u2', entered: 10, movedForward: 5, conversion: 0.5, previousConversion: null, key: false },
        ],
        leakStageId: 'u1',
      },
      {
        pipelineId: 'p1',
        name: 'Воронка p1',
        stages: [
          { stageId: 's1', name: 'Этап s1', entered: 6, movedForward: 5, conversion: 5 / 6, previousConversion: 0.9, key: false },
          { stageId: 's2', name: 'Этап s2', entered: 5, movedForward: 4, conversion: 0.8, previousConversion: null, key: true },
        ],
        leakStageId: 's2',
      },
    ]);
  });
});
