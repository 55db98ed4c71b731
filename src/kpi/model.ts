import type { EpochMs } from '../crm/model';

/**
 * The funnel's KPIs for a window (from, to]: what is going right and where
 * the funnel leaks, beside the violations. Ids are the CRM's own; shares are
 * 0–1; null where a figure is not defined (no deal to take a median of, no
 * working day to divide by).
 */
export interface Kpis {
  from: EpochMs;
  to: EpochMs;
  managers: ManagerKpis[];
  pipelines: PipelineKpis[];
}

export interface ManagerKpis {
  managerId: string;
  /** Deals created in the window with this manager responsible. */
  newDeals: number;
  /** Calendar minutes from a new deal's creation to its first outgoing call attempt, over the new deals dialled by `to`. */
  firstDialMedianMinutes: number | null;
  firstDialP90Minutes: number | null;
  /** Of the new deals whose first-contact deadline (norm first_contact_slow) passed by `to`, the share reached by it. */
  reachedShare: number | null;
  /** Deals won in the window, and their amount. */
  wonCount: number;
  wonAmount: number;
  /** Deals lost in the window, by loss reason (NO_REASON for none). */
  lostCount: number;
  lostByReason: Record<string, number>;
  /** Tasks completed in the window, per working day of the manager's in it. */
  tasksCompletedPerDay: number | null;
  /** Calls made or answered in the window (outgoing attempts and answered incoming calls), per working day. */
  callsPerDay: number | null;
  /** Moves back to an earlier open stage of the same pipeline in the window, on the manager's deals. */
  backwardMoves: number;
  /** The manager's working days in the window (their own schedule, else the account's; absences left out). */
  workingDays: number;
}

/** The key of `lostByReason` that counts deals lost without a reason. */
export const NO_REASON = '(no reason)';

export interface PipelineKpis {
  pipelineId: string;
  /** The pipeline's key stage (norm keyStages), if set. */
  keyStageId: string | null;
  /** Its open stages in order, each with the deals that entered it in the window and what became of them by `to`. */
  stages: StageKpis[];
}

export interface StageKpis {
  stageId: string;
  /** Deals that entered the stage in the window, each once however often it re-entered. */
  entered: number;
  /** Of those, the deals that went on by `to` to a later open stage or to won (skipping stages counts). */
  movedForward: number;
  won: number;
  lost: number;
  conversionToNext: number | null;
  conversionToWon: number | null;
  /** Median calendar hours of the stays in the stage that ended in the window. */
  medianHoursInStage: number | null;
}
