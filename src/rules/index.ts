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
