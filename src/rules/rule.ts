import type { Deal, EpochMs, Task } from '../crm/model';
import type { RuleNorms, RuleName } from '../norms/schema';
import type { DurationClock } from './durations';
import type { SnapshotIndex } from './snapshot-index';
import type { Candidate, EvaluationWindow } from './types';

/** What every rule receives besides the snapshot and its own norms. */
export interface RuleContext {
  window: EvaluationWindow;
  /**
   * The clock a rule's durations are counted on, as its norms choose; a
   * working clock is the given person's own (the deal's or task's
   * responsible manager: their schedule and absences), else the account's.
   */
  time(clock: 'calendar' | 'working', personId: string | null): DurationClock;
}

/**
 * A rule: a pure function from the snapshot and its norms to candidate findings.
 * Use cases hand rules the slice of the snapshot a window can see, not all of
 * it (src/db/window-scope.ts, reaching back by each rule's `lookbackMs`): a
 * rule that reads rows the slice leaves out must widen the slice there; test/db/window-scope.test.ts holds every rule to
 * finding the same in the slice as in the whole snapshot.
 */
export type Rule<R extends RuleName> = (snapshot: SnapshotIndex, norms: RuleNorms[R], ctx: RuleContext) => Candidate[];

/** A rule with what the engine and the snapshot reader must know about it besides its findings. */
export interface RuleDefinition<R extends RuleName> {
  find: Rule<R>;
  /**
   * Whether its candidates depend on the window's end (a state judged at that
   * instant, first contact answered by then): such a rule runs once per
   * window of a trend instead of once over their span.
   */
  judgedAtWindowEnd: boolean;
  /**
   * How long before a window's start the rule still reads deals (closed or
   * created that long ago), under its norms: the snapshot slice for a window
   * reaches back that far.
   */
  lookbackMs(norms: RuleNorms[R]): number;
}

/** A rule's definition: by default it reads nothing before the window and is judged the same over any window. */
export function defineRule<R extends RuleName>(
  meta: { judgedAtWindowEnd?: boolean; lookbackMs?(norms: RuleNorms[R]): number },
  find: Rule<R>,
): RuleDefinition<R> {
  return { find, judgedAtWindowEnd: meta.judgedAtWindowEnd ?? false, lookbackMs: meta.lookbackMs ?? (() => 0) };
}

/** The fields of a candidate that the rule itself decides. */
export type CandidateCore = Pick<Candidate, 'key' | 'rule' | 'since' | 'activeFrom' | 'activeUntil' | 'facts'>;

// The two builders below spell every field out: an object spread costs several
// times as much, and a report over a large account builds hundreds of thousands.

/** A candidate about a deal, in its current stage or in the stage of the visit it is about. */
export function dealCandidate(deal: Deal, c: CandidateCore, stageId = deal.stageId): Candidate {
  return {
    key: c.key,
    rule: c.rule,
    dealId: deal.id,
    taskId: null,
    managerId: deal.responsibleId,
    pipelineId: deal.pipelineId,
    stageId,
    amount: deal.price,
    since: c.since,
    activeFrom: c.activeFrom,
    activeUntil: c.activeUntil,
    facts: c.facts,
  };
}

/** A candidate about a task, owned by the task's manager, placed in its deal's stage when the deal is known. */
export function taskCandidate(task: Task, deal: Deal | undefined, c: CandidateCore): Candidate {
  return {
    key: c.key,
    rule: c.rule,
    dealId: task.dealId,
    taskId: task.id,
    managerId: task.responsibleId,
    pipelineId: deal?.pipelineId ?? null,
    stageId: deal?.stageId ?? null,
    amount: deal?.price ?? null,
    since: c.since,
    activeFrom: c.activeFrom,
    activeUntil: c.activeUntil,
    facts: c.facts,
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

/**
 * Whether a candidate active from `activeFrom` until `activeUntil` holds at
 * some instant of the window (from, at]: the engine keeps only those, and a
 * rule asks first so as not to build candidates that would be dropped.
 */
export function holdsIn(window: EvaluationWindow, activeFrom: EpochMs, activeUntil: EpochMs | null): boolean {
  return activeFrom < window.at && (activeUntil === null || activeUntil > window.from);
}

/**
 * Whether a candidate active from `activeFrom` until `activeUntil` is ever
 * active (a deadline met before it passed makes none) and holds in the
 * window: what a rule asks before building one.
 */
export function activeIn(window: EvaluationWindow, activeFrom: EpochMs, activeUntil: EpochMs | null): boolean {
  return (activeUntil === null || activeUntil > activeFrom) && holdsIn(window, activeFrom, activeUntil);
}
