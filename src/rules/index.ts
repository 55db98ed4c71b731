import type { Norms, RuleName } from '../norms/schema';
import { RULE_NAMES } from '../norms/schema';
import { dealLifetimeExceeded } from './deal-lifetime-exceeded';
import { dealWithoutTask } from './deal-without-task';
import { calendarTime, workingTime, type DurationClock } from './durations';
import { firstContactSlow } from './first-contact-slow';
import { highValueUnattended } from './high-value-unattended';
import { lostWithoutReason } from './lost-without-reason';
import { managerOverloaded } from './manager-overloaded';
import type { Rule, RuleContext } from './rule';
import type { SnapshotIndex } from './snapshot-index';
import { stageTimeExceeded } from './stage-time-exceeded';
import { taskOverdue } from './task-overdue';
import { taskWithoutDeadline } from './task-without-deadline';
import type { Candidate, EvaluationWindow, Finding } from './types';

/** Every rule, by the name norms and findings use. */
export const RULES: { [R in RuleName]: Rule<R> } = {
  task_overdue: taskOverdue,
  deal_without_task: dealWithoutTask,
  stage_time_exceeded: stageTimeExceeded,
  deal_lifetime_exceeded: dealLifetimeExceeded,
  first_contact_slow: firstContactSlow,
  lost_without_reason: lostWithoutReason,
  task_without_deadline: taskWithoutDeadline,
  manager_overloaded: managerOverloaded,
  high_value_unattended: highValueUnattended,
};

/**
 * Runs every enabled rule and returns the findings that hold at some instant
 * of the window (from, at]. With from = at, that is "open findings at `at`".
 * Pure: the same snapshot, norms and window always give the same findings.
 */
export function evaluateRules(snapshot: SnapshotIndex, norms: Norms, window: EvaluationWindow): Finding[] {
  const ctx = ruleContext(norms, window);
  return RULE_NAMES.flatMap((name) => runRule(name, snapshot, norms, ctx));
}

/** One rule alone, as evaluateRules would run it: for checks that need only it (the every-minute overdue check). */
export function evaluateRule(name: RuleName, snapshot: SnapshotIndex, norms: Norms, window: EvaluationWindow): Finding[] {
  return runRule(name, snapshot, norms, ruleContext(norms, window));
}

/**
 * Rules whose candidates depend on the window's end (state rules judged at
 * that instant, first contact answered by then). Every other rule gives the
 * same candidates for any window; only facts measured "until now" differ.
 */
const JUDGED_AT_WINDOW_END: ReadonlySet<RuleName> = new Set(['first_contact_slow', 'manager_overloaded', 'high_value_unattended']);

/**
 * evaluateRules for several windows at once, as the report's weekly trend
 * needs: each rule runs once over the span of all windows and its candidates
 * are sorted into the windows they hold in, instead of once per window. Rules
 * judged at a window's end still run per window. Facts of findings in earlier
 * windows are measured until the last window's end; the latest window's
 * findings are exactly evaluateRules' for it.
 */
export function evaluateRulesByWindow(snapshot: SnapshotIndex, norms: Norms, windows: readonly EvaluationWindow[]): Finding[][] {
  const byWindow = windows.map((): Finding[] => []);
  const last = windows.at(-1);
  if (!last) return byWindow;
  const span = ruleContext(norms, { from: Math.min(...windows.map((w) => w.from)), at: last.at });
  for (const name of RULE_NAMES) {
    if (JUDGED_AT_WINDOW_END.has(name)) windows.forEach((window, i) => byWindow[i]!.push(...runRule(name, snapshot, norms, ruleContext(norms, window))));
    else sortIntoWindows(name, snapshot, norms, span, windows, byWindow);
  }
  return byWindow;
}

function sortIntoWindows<R extends RuleName>(
  name: R,
  snapshot: SnapshotIndex,
  norms: Norms,
  span: RuleContext,
  windows: readonly EvaluationWindow[],
  byWindow: Finding[][],
): void {
  const ruleNorms = norms.rules[name];
  if (!ruleNorms.enabled) return;
  for (const candidate of RULES[name](snapshot, ruleNorms, span)) {
    windows.forEach((window, i) => {
      if (holdsWithin(candidate, window)) byWindow[i]!.push(toFinding(candidate, ruleNorms.severity, window));
    });
  }
}

function ruleContext(norms: Norms, window: EvaluationWindow): RuleContext {
  const working = workingTime({ ...norms.workingHours, timezone: norms.timezone });
  return { window, time: (clock): DurationClock => (clock === 'working' ? working : calendarTime) };
}

function runRule<R extends RuleName>(name: R, snapshot: SnapshotIndex, norms: Norms, ctx: RuleContext): Finding[] {
  const ruleNorms = norms.rules[name];
  if (!ruleNorms.enabled) return [];
  const findings: Finding[] = [];
  for (const candidate of RULES[name](snapshot, ruleNorms, ctx)) {
    if (holdsWithin(candidate, ctx.window)) findings.push(toFinding(candidate, ruleNorms.severity, ctx.window));
  }
  return findings;
}

/** A candidate holds at instant t when activeFrom < t < activeUntil. */
function holdsWithin(c: Candidate, { from, at }: EvaluationWindow): boolean {
  return c.activeFrom < at && (c.activeUntil === null || c.activeUntil > from);
}

function toFinding(c: Candidate, severity: Finding['severity'], { at }: EvaluationWindow): Finding {
  const { activeFrom: _from, activeUntil, ...rest } = c;
  return { ...rest, severity, resolvedAt: activeUntil !== null && activeUntil <= at ? activeUntil : null };
}
