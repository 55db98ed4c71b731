import type { EpochMs } from '../crm/model';
import type { RuleName, Severity } from '../norms/schema';

/**
 * Facts behind a finding, for the human explanation: strings and numbers only.
 * Naming convention read by src/findings/describe.ts: keys ending in `At` are
 * instants, keys ending in `Ms` are durations.
 */
export type FindingFacts = Record<string, string | number | null>;

/** One thing that breaks the sales process, as a rule sees it in the snapshot. */
export interface Finding {
  /** Identifies "the same finding" across evaluations (same rule, same subject, same start). */
  key: string;
  rule: RuleName;
  severity: Severity;
  dealId: string | null;
  taskId: string | null;
  managerId: string | null;
  pipelineId: string | null;
  stageId: string | null;
  /** The money at stake: the deal's price. */
  amount: number | null;
  /** When the problem started, as the rule's definition states it. */
  since: EpochMs;
  /** When it stopped holding, if that happened by the evaluation instant. */
  resolvedAt: EpochMs | null;
  facts: FindingFacts;
}

/**
 * What a rule emits: a finding without severity (the norms decide it) and with
 * the interval in which it holds: from `activeFrom` (exclusive) until
 * `activeUntil` (exclusive; null = still holds as far as the snapshot knows).
 * The engine keeps those that hold somewhere in the evaluation window.
 */
export interface Candidate extends Omit<Finding, 'severity' | 'resolvedAt'> {
  activeFrom: EpochMs;
  activeUntil: EpochMs | null;
}

/** The span of time a report or a query asks about: findings holding at any instant in (from, at]. */
export interface EvaluationWindow {
  from: EpochMs;
  at: EpochMs;
}

export type { RuleName, Severity };
