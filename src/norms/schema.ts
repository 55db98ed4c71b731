import { z } from 'zod';
import { ladderProblem, MAX_AFTER_MINUTES, MAX_STEPS, RECIPIENTS, type EscalationStep } from './ladder';

/**
 * The norms document: what counts as a finding, per rule, with overrides per
 * pipeline and per stage. One document per account, stored in the database,
 * exported and imported as a JSON file. Unknown keys are rejected so a typo
 * in a rule or field name is reported instead of silently ignored.
 */

const severity = z.enum(['violation', 'remark']);
/** `working` counts a rule's duration only inside the account's working hours. */
const clock = z.enum(['calendar', 'working']);
const minutes = z.number().int().min(0);
const positive = z.number().positive();

const timezone = z.string().refine(isKnownTimeZone, {
  message: 'unknown IANA time zone (examples: "Europe/Moscow", "Asia/Yekaterinburg")',
});

const CLOCK_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const clockTime = z.string().regex(CLOCK_TIME, { message: 'expected a time of day as "HH:MM", e.g. "09:00"' });

export const workingHoursSchema = z
  .strictObject({
    /** ISO weekdays: 1 = Monday … 7 = Sunday. */
    days: z.array(z.number().int().min(1).max(7)).min(1, { message: 'at least one working day' }),
    from: clockTime,
    to: clockTime,
  })
  // Only well-formed times are compared: a malformed one is reported once, by its own check.
  .refine((w) => !CLOCK_TIME.test(w.from) || !CLOCK_TIME.test(w.to) || w.from < w.to, {
    message: '"from" must be earlier than "to"',
    path: ['to'],
  })
  .refine((w) => new Set(w.days).size === w.days.length, { message: 'a day is listed twice', path: ['days'] });

const base = { enabled: z.boolean(), severity };

const escalationStep = z.strictObject({
  afterMinutes: minutes.max(MAX_AFTER_MINUTES, { message: `at most ${MAX_AFTER_MINUTES} minutes (30 days)` }),
  to: z.enum(RECIPIENTS, { message: `expected one of ${RECIPIENTS.map((r) => `"${r}"`).join(', ')}` }),
});

/** Messages for a ladder's shape, at the path of the step they are about. */
const LADDER_SHAPE: Record<string, string> = {
  empty: 'at least one step, e.g. [{ "afterMinutes": 0, "to": "manager" }]',
  'too-many': `at most ${MAX_STEPS} steps`,
  unsorted: 'steps go in order of afterMinutes: this one comes before the step above it',
  duplicate: 'the same step (afterMinutes and to) is listed twice',
};

/** The escalation ladder (src/norms/ladder.ts): its steps, then its shape. */
const escalation = z.array(escalationStep).superRefine((ladder: EscalationStep[], ctx) => {
  const problem = ladderProblem(ladder);
  if (problem) ctx.addIssue({ code: 'custom', message: LADDER_SHAPE[problem.kind]!, path: 'index' in problem ? [problem.index] : [] });
});

export const rulesSchema = z.strictObject({
  task_overdue: z.strictObject({
    ...base,
    clock,
    graceMinutes: minutes,
    /**
     * Who is told of an overdue task, and when: steps in order of time, each
     * fired once per ping (src/norms/ladder.ts). Replaces the single number
     * `escalateAfterMinutes`, which validate.ts still reads (legacyLadder).
     */
    escalation,
  }),
  deal_without_task: z.strictObject({ ...base, clock, graceMinutes: minutes }),
  stage_time_exceeded: z.strictObject({
    ...base,
    clock,
    hours: positive,
    /** Hours per stage id, overriding `hours`. */
    stages: z.record(z.string(), positive),
  }),
  deal_lifetime_exceeded: z.strictObject({
    ...base,
    days: positive,
    /** Days per pipeline id, overriding `days`. */
    pipelines: z.record(z.string(), positive),
  }),
  first_contact_slow: z.strictObject({ ...base, clock, minutes: positive, lookbackDays: positive }),
  missed_call_not_returned: z.strictObject({ ...base, clock, minutes: positive, lookbackDays: positive }),
  lost_without_reason: z.strictObject({ ...base, lookbackDays: positive }),
  task_without_deadline: z.strictObject({ ...base }),
  manager_overloaded: z.strictObject({ ...base, maxOpenDeals: z.number().int().positive() }),
  high_value_unattended: z.strictObject({ ...base, minAmount: positive }),
});

/** The longest a manager may snooze a deal or task without their supervisor's or an admin's confirmation, in days. */
export const DEFAULT_SNOOZE_MAX_DAYS = 14;

export const normsSchema = z.strictObject({
  timezone,
  workingHours: workingHoursSchema,
  /** Documents written before snoozes load with the default. */
  snoozeMaxDays: z.number().int().min(1, { message: 'at least 1 day' }).max(365, { message: 'at most 365 days' }).default(DEFAULT_SNOOZE_MAX_DAYS),
  /**
   * Each pipeline's key stage (КЭВ, «ключевой этап воронки»): the stage whose
   * conversion the sales head watches, marked in the KPIs and the funnel
   * chart. Pipeline id → stage id, as the CRM has them; documents written
   * before it load with none.
   */
  keyStages: z.record(z.string(), z.string()).default({}),
  rules: rulesSchema,
});

export type Norms = z.infer<typeof normsSchema>;
export type RuleNorms = Norms['rules'];
export type RuleName = keyof RuleNorms;
export type Severity = z.infer<typeof severity>;
export type WorkingHours = z.infer<typeof workingHoursSchema> & { timezone: string };

export const RULE_NAMES = Object.keys(rulesSchema.shape) as RuleName[];

function isKnownTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
