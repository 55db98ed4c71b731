import type { Kpis, StageKpis } from '../kpi';
import type { FunnelStageView, FunnelView } from './model';

/** A stage is judged as the funnel's leak only from this many deals entering it: 1 of 2 going on says nothing. */
export const MIN_ENTERED_FOR_LEAK = 5;
/** The funnel image holds this many pipelines; the rest are in /export. */
export const MAX_FUNNELS = 6;

/**
 * Where the funnel loses most: the stage whose deals went on least often
 * (the lowest conversion to a later stage or to won) among the stages at
 * least MIN_ENTERED_FOR_LEAK deals entered; on a tie, the one more deals
 * stopped at, then the earlier. Null when no stage had enough deals.
 */
export function leakStage(stages: readonly Pick<StageKpis, 'stageId' | 'entered' | 'movedForward'>[]): string | null {
  let leak: { stageId: string; conversion: number; stopped: number } | null = null;
  for (const s of stages) {
    if (s.entered < MIN_ENTERED_FOR_LEAK) continue;
    const conversion = s.movedForward / s.entered;
    const stopped = s.entered - s.movedForward;
    if (!leak || conversion < leak.conversion || (conversion === leak.conversion && stopped > leak.stopped)) leak = { stageId: s.stageId, conversion, stopped };
  }
  return leak?.stageId ?? null;
}

/**
 * The funnels the report shows: each pipeline some deal entered a stage of
 * this week, busiest first (most entries over its stages; then pipeline
 * order), with every open stage's entries and conversion, last week's
 * conversion beside it, the key stage and the leak.
 */
export function funnelViews(week: Kpis, previous: Kpis, names: { pipeline(id: string): string; stage(id: string): string }): FunnelView[] {
  const before = new Map(previous.pipelines.flatMap((p) => p.stages.map((s) => [s.stageId, s.conversionToNext] as const)));
  const entries = (stages: readonly StageKpis[]) => stages.reduce((n, s) => n + s.entered, 0);
  return week.pipelines
    .map((p, order) => ({ p, order, entries: entries(p.stages) }))
    .filter(({ entries }) => entries > 0)
    .sort((a, b) => b.entries - a.entries || a.order - b.order)
    .map(({ p }) => ({
      pipelineId: p.pipelineId,
      name: names.pipeline(p.pipelineId),
      stages: p.stages.map(
        (s): FunnelStageView => ({
          stageId: s.stageId,
          name: names.stage(s.stageId),
          entered: s.entered,
          movedForward: s.movedForward,
          conversion: s.conversionToNext,
          previousConversion: before.get(s.stageId) ?? null,
          key: s.stageId === p.keyStageId,
        }),
      ),
      leakStageId: leakStage(p.stages),
    }));
}
