import type { EpochMs } from '../crm/model';
import type { MessageVars } from '../i18n';
import type { RuleName } from '../norms/schema';
import type { SeverityCounts } from '../rules';
import type { SnoozeReason } from '../snooze/model';

/** The weekly report as data: what the text and the charts are drawn from. */
/** When the data a report speaks of was read from the CRM, and whether it is too old (syncs failing). */
export interface DataAsOf {
  syncedAt: EpochMs;
  stale: { reason: string | null } | null;
}

export interface WeeklyReport {
  /** The 7 days reported on: (from, at]. */
  from: EpochMs;
  at: EpochMs;
  totals: SeverityCounts;
  previous: SeverityCounts;
  byRule: RuleRow[];
  /** Stages with findings, in pipeline and stage order. */
  stages: StageRow[];
  /** Managers with findings or open deals, most findings first. */
  managers: ManagerRow[];
  /** Weekly totals, oldest first; the last point is this week. */
  trend: TrendPoint[];
  /** Sum of prices of distinct deals with a violation open at `at`. */
  moneyAtStake: number;
  /** Up to three stages with the most findings. */
  worstStages: StageRow[];
  recommendations: Recommendation[];
  /**
   * Deals and tasks snoozed at `at` (in force): how many, how many of the
   * week's findings they hid (not in any count above), and their reasons,
   * most first — presets by their code, every typed reason as `other`.
   */
  snoozed: { count: number; findings: number; reasons: { reason: SnoozeReason; count: number }[] };
}

export type { SeverityCounts };

export interface RuleRow extends SeverityCounts {
  rule: RuleName;
  total: number;
}

export interface StageRow extends SeverityCounts {
  pipelineId: string;
  pipelineName: string;
  stageId: string;
  stageName: string;
  total: number;
  byRule: Partial<Record<RuleName, number>>;
  /** Money in deals on this stage with a violation open at `at`. */
  moneyAtStake: number;
  /** Deals open on this stage at `at`. */
  openDeals: number;
}

export interface ManagerRow extends SeverityCounts {
  /** Null for findings on deals nobody is responsible for. */
  managerId: string | null;
  name: string;
  total: number;
  openDeals: number;
  /** Findings per 100 open deals (fairness for high-volume sellers); null with too few open deals to compare. */
  per100: number | null;
  /**
   * The week's findings not counted against this manager (not in the
   * counts above): each lived only while the manager was away (see
   * awayThroughout). They stay in the totals, rules and stages.
   */
  setAside: number;
}

export interface TrendPoint extends SeverityCounts {
  weekEnd: EpochMs;
}

/** A suggestion for the sales head: a message id in the locale files and its variables. */
export interface Recommendation {
  id: string;
  vars: MessageVars;
}
