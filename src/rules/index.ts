import type { Norms, RuleName } from '../norms/schema';
import { scheduleOf, type WorkTime } from '../schedules/work-time';
import { RULE_NAMES } from '../norms/schema';
import { dealLifetimeExceeded } from './deal-lifetime-exceeded';
import { dealWithoutTask } from './deal-without-task';
import { calendarTime, workingTime, type DurationClock } from './durations';
import { firstContactSlow } from './first-contact-slow';
import { highValueUnattended } from './high-value-unattended';
import { lostWithoutReason } from './lost-without-reason';
import { managerOverloaded } from './manager-overloaded';
import { missedCallNotReturned } from './missed-call-not-returned';
import { holdsIn, type RuleContext, type RuleDefinition } from './rule';
import type { SnapshotIndex } from './snapshot-index';
import { stageTimeExceeded } from './stage-time-exceeded';
import { taskOverdue } from './task-overdue';
import { taskWithoutDeadline } from './task-without-deadline';
import type { Candidate, EvaluationWindow, Finding } from './types';

/** Every rule, by the name norms and findings use. */
export const RULES: { [R in RuleName]: RuleDefinition<R> } = {
  task_overdue: taskOverdue,
  deal_without_task: dealWithoutTask,
  stage_time_exceeded: stageTimeExceeded,
  deal_lifetime_exceeded: dealLifetimeExceeded,
  first_contact_slow: firstContactSlow,
  missed_call_not_returned: missedCallNotReturned,
  lost_without_reason: lostWithoutReason,
  task_without_deadline: taskWithoutDeadline,
  manager_overloaded: managerOverloaded,
  high_value_unattended: highValueUnattended,
};

/**
 * Runs every enabled rule and returns the findings that hold at some instant
 * of the window (from, at]. With from = at, that is "open findings at `at`".
 * Pure: the same snapshot, norms, work time and window always give the same
 * findings. The work time (the account's calendar: holidays, transfers, its
 * own marks; and people's own schedules and absences) says which hours
 * rules with `"clock": "working"` count for each responsible manager.
 */
export function evaluateRules(snapshot: SnapshotIndex, norms: Norms, work: WorkTime, window: EvaluationWindow): Finding[] {
  const ctx = ruleContext(norms, work, window);
  return RULE_NAMES.flatMap((name) => runRule(name, snapshot, norms, ctx));
}

/** One rule alone, as evaluateRules would run it: for checks that need only it (the every-minute overdue check). */
export function evaluateRule(name: RuleName, snapshot: SnapshotIndex, norms: Norms, work: WorkTime, window: EvaluationWindow): Finding[] {
  return runRule(name, snapshot, norms, ruleContext(norms, work, window));
}

/**
 * How far before a window's start any enabled rule reads, under the norms:
 * what the snapshot slice for a window must reach back to.
 */
export function lookbackMs(norms: Norms): number {
  return Math.max(0, ...RULE_NAMES.map((name) => ruleLookback(name, norms)));
}

function ruleLookback<R extends RuleName>(name: R, norms: Norms): number {
  return RULES[name].lookbackMs(norms.rules[name]);
}

/** How many findings hold in a window, by severity. */
export interface SeverityCounts {
  violations: number;
  remarks: number;
}

/** What the report's weekly trend needs from the rules. */
export interface Trend {
  /** Per window, in the order given: how many findings hold in it. */
  counts: SeverityCounts[];
  /** The last window's findings, exactly as evaluateRules gives them. */
  last: Finding[];
}

/**
 * evaluateRules for several windows at once, as the report's weekly trend
 * needs: each rule runs once over the span of all windows and its candidates
 * are counted into the windows they hold in, instead of running once per
 * window. Rules judged at a window's end still run per window. Only the last
 * window's findings are built (none with `listLast: false`); earlier windows
 * are counted (over 8 weeks a large account has half a million findings, and
 * the report shows numbers).
 */
export function evaluateTrend(snapshot: SnapshotIndex, norms: Norms, work: WorkTime, windows: readonly EvaluationWindow[], { listLast = true } = {}): Trend {
  const trend: Trend = { counts: windows.map(() => ({ violations: 0, remarks: 0 })), last: [] };
  const last = windows.at(-1);
  if (!last) return trend;
  const span = ruleContext(norms, work, { from: Math.min(...windows.map((w) => w.from)), at: last.at });
  for (const name of RULE_NAMES) {
    const { severity } = norms.rules[name];
    if (RULES[name].judgedAtWindowEnd) {
      windows.forEach((window, i) => addToTrend(trend, severity, candidatesOf(name, snapshot, norms, ruleContext(norms, work, window)), [window], i, listLast));
    } else {
      addToTrend(trend, severity, candidatesOf(name, snapshot, norms, span), windows, 0, listLast);
    }
  }
  return trend;
}

/** Counts candidates into the windows they hold in (`windows` starts at trend window `offset`); builds findings for the last if listed. */
function addToTrend(trend: Trend, severity: Finding['severity'], candidates: Candidate[], windows: readonly EvaluationWindow[], offset: number, listLast: boolean): void {
  const lastIndex = listLast ? trend.counts.length - 1 : -1;
  const key = severity === 'violation' ? 'violations' : 'remarks';
  for (const candidate of candidates) {
    windows.forEach((window, i) => {
      if (!holdsIn(window, candidate.activeFrom, candidate.activeUntil)) return;
      trend.counts[offset + i]![key]++;
      if (offset + i === lastIndex) trend.last.push(toFinding(candidate, severity, window));
    });
  }
}

function ruleContext(norms: Norms, work: WorkTime, window: EvaluationWindow): RuleContext {
  const hours = { ...norms.workingHours, timezone: norms.timezone };
  const account = workingTime(scheduleOf(work, hours, null));
  // One clock per person with a schedule of their own, made when a rule first asks for it.
  const own = new Map<string, DurationClock>();
  const working = (personId: string | null): DurationClock => {
    if (personId === null || !work.personal.has(personId)) return account;
    let clock = own.get(personId);
    if (!clock) own.set(personId, (clock = workingTime(scheduleOf(work, hours, personId))));
    return clock;
  };
  return { window, time: (clock, personId) => (clock === 'working' ? working(personId) : calendarTime) };
}

function candidatesOf<R extends RuleName>(name: R, snapshot: SnapshotIndex, norms: Norms, ctx: RuleContext): Candidate[] {
  const ruleNorms = norms.rules[name];
  return ruleNorms.enabled ? RULES[name].find(snapshot, ruleNorms, ctx) : [];
}

function runRule(name: RuleName, snapshot: SnapshotIndex, norms: Norms, ctx: RuleContext): Finding[] {
  const { severity } = norms.rules[name];
  const findings: Finding[] = [];
  for (const candidate of candidatesOf(name, snapshot, norms, ctx)) {
    if (holdsIn(ctx.window, candidate.activeFrom, candidate.activeUntil)) findings.push(toFinding(candidate, severity, ctx.window));
  }
  return findings;
}

/** Spelled out field by field: a rest/spread copy is several times slower, and the report makes hundreds of thousands. */
function toFinding(c: Candidate, severity: Finding['severity'], { at }: EvaluationWindow): Finding {
  return {
    key: c.key,
    rule: c.rule,
    severity,
    dealId: c.dealId,
    taskId: c.taskId,
    managerId: c.managerId,
    pipelineId: c.pipelineId,
    stageId: c.stageId,
    amount: c.amount,
    since: c.since,
    resolvedAt: c.activeUntil !== null && c.activeUntil <= at ? c.activeUntil : null,
    facts: c.facts,
  };
}
