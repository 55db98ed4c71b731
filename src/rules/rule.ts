import type { Deal, EpochMs } from '../crm/model';
import type { RuleNorms, RuleName } from '../norms/schema';
import type { DurationClock } from './durations';
import type { SnapshotIndex } from './snapshot-index';
import type { Candidate, EvaluationWindow } from './types';

/** What every rule receives besides the snapshot and its own norms. */
export interface RuleContext {
  window: EvaluationWindow;
  /** The clock a rule's durations are counted on, as its norms choose. */
  time(clock: 'calendar' | 'working'): DurationClock;
}

/** A rule: a pure function from the snapshot and its norms to candidate findings. */
export type Rule<R extends RuleName> = (snapshot: SnapshotIndex, norms: RuleNorms[R], ctx: RuleContext) => Candidate[];

type Subject = Pick<Candidate, 'dealId' | 'managerId' | 'pipelineId' | 'stageId' | 'amount' | 'taskId'>;

/** The fields a finding about a deal takes from the deal. */
export function dealSubject(deal: Deal, stageId = deal.stageId): Subject {
  return {
    dealId: deal.id,
    taskId: null,
    managerId: deal.responsibleId,
    pipelineId: deal.pipelineId,
    stageId,
    amount: deal.price,
  };
}

/** The end of a finding's measured span: when it stopped holding, or the evaluation instant. */
export function measuredUntil(activeUntil: EpochMs | null, at: EpochMs): EpochMs {
  return activeUntil !== null && activeUntil < at ? activeUntil : at;
}

/**
 * Whether something that stopped at `end` stopped before the window began:
 * no finding from it can hold in the window, so a rule skips it before any
 * costly work (on a large account most deals closed long ago).
 */
export function endedBefore(end: EpochMs | null, window: EvaluationWindow): boolean {
  return end !== null && end <= window.from;
}
