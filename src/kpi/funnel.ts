import type { Deal, EpochMs, Stage } from '../crm/model';
import type { Norms } from '../norms/schema';
import type { SnapshotIndex } from '../rules/snapshot-index';
import { HOUR } from '../time';
import type { PipelineKpis, StageKpis } from './model';
import { median, share } from './stats';

interface Window {
  from: EpochMs;
  to: EpochMs;
}

/**
 * Each pipeline's funnel for the window, from the deals' stage history: for
 * every open stage, the deals that entered it in the window (a deal that
 * came back to it counts once, from its first entry in the window) and what
 * became of them by `to` — on to a later open stage or to won (a deal that
 * skipped the next stage moved forward all the same), won, lost — and how
 * long stays in it lasted. A move back to an earlier stage is not forward.
 * Pure.
 */
export function funnelKpis(snapshot: SnapshotIndex, norms: Norms, window: Window): PipelineKpis[] {
  const stagesOf = new Map<string, Stage[]>();
  for (const stage of snapshot.stages.values()) {
    if (stage.kind !== 'open') continue;
    stagesOf.set(stage.pipelineId, [...(stagesOf.get(stage.pipelineId) ?? []), stage]);
  }
  const tally = new Map<string, { entered: number; movedForward: number; won: number; lost: number; stays: number[] }>();
  const of = (stageId: string) => {
    let t = tally.get(stageId);
    if (!t) tally.set(stageId, (t = { entered: 0, movedForward: 0, won: 0, lost: 0, stays: [] }));
    return t;
  };
  for (const deal of snapshot.deals) {
    if (deal.createdAt > window.to) continue;
    const visits = snapshot.stageVisits(deal).filter((v) => v.enteredAt <= window.to);
    for (const visit of visits) {
      const stage = snapshot.stages.get(visit.stageId);
      if (stage?.kind === 'open' && visit.leftAt !== null && visit.leftAt > window.from && visit.leftAt <= window.to) of(visit.stageId).stays.push((visit.leftAt - visit.enteredAt) / HOUR);
    }
    const firstEntries = new Map<string, number>();
    visits.forEach((visit, i) => {
      if (visit.enteredAt > window.from && !firstEntries.has(visit.stageId)) firstEntries.set(visit.stageId, i);
    });
    for (const [stageId, index] of firstEntries) {
      const stage = snapshot.stages.get(stageId);
      if (stage?.kind !== 'open') continue;
      const t = of(stageId);
      t.entered++;
      const after = visits.slice(index + 1).map((v) => snapshot.stages.get(v.stageId));
      if (after.some((s) => s !== undefined && s.pipelineId === stage.pipelineId && (s.kind === 'won' || (s.kind === 'open' && s.sort > stage.sort)))) t.movedForward++;
      const end = outcome(deal, snapshot, window.to);
      if (end === 'won') t.won++;
      else if (end === 'lost') t.lost++;
    }
  }
  return [...snapshot.pipelines.values()]
    .sort((a, b) => a.sort - b.sort || (a.id < b.id ? -1 : 1))
    .map((pipeline) => ({
      pipelineId: pipeline.id,
      keyStageId: norms.keyStages[pipeline.id] ?? null,
      stages: (stagesOf.get(pipeline.id) ?? [])
        .sort((a, b) => a.sort - b.sort)
        .map((stage): StageKpis => {
          const t = of(stage.id);
          return {
            stageId: stage.id,
            entered: t.entered,
            movedForward: t.movedForward,
            won: t.won,
            lost: t.lost,
            conversionToNext: share(t.movedForward, t.entered),
            conversionToWon: share(t.won, t.entered),
            medianHoursInStage: roundHours(median(t.stays)),
          };
        }),
    }));
}

/** Whether the deal was won or lost by `until` (its close by then), or neither. */
function outcome(deal: Deal, snapshot: SnapshotIndex, until: EpochMs): 'won' | 'lost' | null {
  const closedAt = snapshot.closedAt(deal);
  if (closedAt === null || closedAt > until) return null;
  const kind = snapshot.stages.get(deal.stageId)?.kind;
  return kind === 'won' || kind === 'lost' ? kind : null;
}

function roundHours(hours: number | null): number | null {
  return hours === null ? null : Math.round(hours * 10) / 10;
}

