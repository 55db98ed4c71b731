import type { EpochMs } from '../crm/model';
import type { Norms } from '../norms/schema';
import type { SnapshotIndex } from '../rules/snapshot-index';
import type { WorkTime } from '../schedules/work-time';
import { funnelKpis } from './funnel';
import { managerKpis } from './managers';
import type { Kpis } from './model';

/**
 * The funnel's KPIs for the window (from, to], per manager and per
 * pipeline, from the snapshot and its history. Pure: the same snapshot,
 * norms, work time and window always give the same figures.
 */
export function computeKpis(snapshot: SnapshotIndex, norms: Norms, work: WorkTime, window: { from: EpochMs; to: EpochMs }): Kpis {
  return { from: window.from, to: window.to, managers: managerKpis(snapshot, norms, work, window), pipelines: funnelKpis(snapshot, norms, window) };
}

export type { Kpis, ManagerKpis, PipelineKpis, StageKpis } from './model';
export { NO_REASON } from './model';
