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
  /** The funnel's KPIs of the week against the week before: a card row per manager, the team's median, the strongest changes. */
  kpis: KpiSummary;
  /** Pipelines that deals entered this week, busiest first: each stage's entries and conversion, the key stage, where it loses most. */
  funnels: FunnelView[];
  /** Each manager's findings per 100 open deals week by week, over the trend's weeks. */
  managerTrend: ManagerTrend;
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

// ---- The funnel's KPIs, as the report shows them -----------------------------

/** The card's figures, in the order a sales head reads them. */
export const KPI_COLUMNS = ['newDeals', 'reachedShare', 'firstDial', 'won', 'tasksPerDay', 'callsPerDay'] as const;
export type KpiColumn = (typeof KPI_COLUMNS)[number];

/** How a figure moved against the week before, for whoever reads it: `same` within a few percent; null when a week has no figure. */
export type Change = 'better' | 'worse' | 'same';

export interface KpiFigure {
  now: number | null;
  before: number | null;
  change: Change | null;
}

/** A card row's figures: the columns (`won` is the amount won), and the number of deals won beside the amount. */
export type KpiFigures = Record<KpiColumn, KpiFigure> & { wonCount: KpiFigure };

export interface KpiCardRow {
  managerId: string;
  name: string;
  figures: KpiFigures;
}

/** The largest change of one manager's figure, as a line of the report names it. */
export interface KpiChange {
  managerId: string;
  name: string;
  column: KpiColumn;
  now: number;
  before: number;
  /** How far it moved, signed so that positive is better: the natural log of the ratio (doubling and halving weigh alike). */
  score: number;
}

export interface KpiSummary {
  /** The managers shown, by name; at most MAX_CARD_ROWS, the busiest kept. */
  rows: KpiCardRow[];
  /** Managers active in either week but left off the card for room. */
  left: number;
  /** The team's median of each figure over every active manager, this week and the week before. */
  median: KpiFigures;
  /** The largest improvement and the largest slide, when a change is large enough to name. */
  improvement: KpiChange | null;
  slide: KpiChange | null;
}

export interface FunnelStageView {
  stageId: string;
  name: string;
  /** Deals that entered the stage this week, and of them those that went on by the week's end. */
  entered: number;
  movedForward: number;
  conversion: number | null;
  /** The same stage's conversion the week before. */
  previousConversion: number | null;
  key: boolean;
}

export interface FunnelView {
  pipelineId: string;
  name: string;
  /** The pipeline's open stages in order. */
  stages: FunnelStageView[];
  /** The stage whose deals went on least often (see leakStage), or null with too few deals anywhere to say. */
  leakStageId: string | null;
}

export interface ManagerTrendLine {
  managerId: string;
  name: string;
  /** Findings per 100 open deals, one per trend week (oldest first); null in a week with too few open deals for a rate. */
  per100: (number | null)[];
  /** This week's rate against the median of the weeks before (fewer findings is better). */
  change: Change | null;
}

export interface ManagerTrend {
  /** The lines drawn: at most MAX_TREND_LINES managers, most improved first. */
  lines: ManagerTrendLine[];
  /** Managers with a line left out for room. */
  left: number;
  /** The team's median rate each week, over every manager with a rate that week. */
  teamMedian: (number | null)[];
}
