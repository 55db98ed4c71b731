import { ladderProblem, MAX_AFTER_MINUTES, type EscalationStep, type Recipient } from './ladder';
import type { Norms, RuleName } from './schema';
import { normsSchema } from './schema';

/**
 * The norms an admin changes from the chat, one number at a time: which rule,
 * which parameter, in which unit, and whether it can be set per stage or per
 * pipeline. Pure: parsing and applying a change; storing it is the caller's.
 */

/** `ladder`: a list of steps (the escalation ladder), typed as `0 manager, 2h supervisor`. */
export type NormUnit = 'minutes' | 'hours' | 'days' | 'count' | 'money' | 'ladder';

export interface NormParam {
  rule: RuleName;
  /** The field in the rule's norms. */
  field: string;
  unit: NormUnit;
  /** A norm that can also be set per stage or per pipeline (stored under `stages` / `pipelines`). */
  scope?: 'stage' | 'pipeline';
  /** The word that picks this parameter when a rule has more than one (`/setnorm task_overdue escalation 0 manager, 2h supervisor`). */
  keyword?: string;
}

export const NORM_PARAMS: readonly NormParam[] = [
  { rule: 'task_overdue', field: 'graceMinutes', unit: 'minutes' },
  { rule: 'task_overdue', field: 'escalation', unit: 'ladder', keyword: 'escalation' },
  { rule: 'deal_without_task', field: 'graceMinutes', unit: 'minutes' },
  { rule: 'stage_time_exceeded', field: 'hours', unit: 'hours', scope: 'stage' },
  { rule: 'deal_lifetime_exceeded', field: 'days', unit: 'days', scope: 'pipeline' },
  { rule: 'first_contact_slow', field: 'minutes', unit: 'minutes' },
  { rule: 'missed_call_not_returned', field: 'minutes', unit: 'minutes' },
  { rule: 'manager_overloaded', field: 'maxOpenDeals', unit: 'count' },
  { rule: 'high_value_unattended', field: 'minAmount', unit: 'money' },
];

export type NormChange =
  | { kind: 'value'; param: NormParam; value: number; /** Stage or pipeline ids; empty = the rule's default. */ scopeIds: string[] }
  | { kind: 'ladder'; param: NormParam; ladder: EscalationStep[] }
  | { kind: 'enabled'; rule: RuleName; enabled: boolean };

const MINUTES_PER: Record<string, number> = {
  m: 1, min: 1, мин: 1, м: 1,
  h: 60, hr: 60, ч: 60, час: 60, часа: 60, часов: 60,
  d: 1440, day: 1440, days: 1440, д: 1440, дн: 1440, день: 1440, дня: 1440, дней: 1440,
};

/**
 * A value as typed: "24h", "90 мин", "3д", "1.5ч", or a bare number in the
 * parameter's own unit; money and counts take "300000", "300 000", "300k".
 * Returns the number in the parameter's unit, or null when it is not one.
 */
export function parseNormValue(text: string, unit: NormUnit): number | null {
  const cleaned = text.trim().toLowerCase().replace(/\s+/g, ' ').replace(',', '.');
  if (unit === 'count' || unit === 'money') {
    const m = /^(\d[\d ]*(?:\.\d+)?)\s*(k|к|тыс\.?|m|м|млн)?$/.exec(cleaned);
    if (!m) return null;
    const base = Number(m[1]!.replace(/ /g, ''));
    const factor = !m[2] ? 1 : /^(k|к|тыс)/.test(m[2]) ? 1_000 : 1_000_000;
    const value = base * factor;
    return unit === 'count' && !Number.isInteger(value) ? null : value;
  }
  const m = /^(\d+(?:\.\d+)?)\s*([a-zа-я]+\.?)?$/.exec(cleaned);
  if (!m) return null;
  const amount = Number(m[1]);
  if (!m[2]) return amount;
  const perUnit = MINUTES_PER[m[2].replace(/\.$/, '')];
  if (perUnit === undefined) return null;
  const minutes = amount * perUnit;
  const value = unit === 'minutes' ? minutes : unit === 'hours' ? minutes / 60 : minutes / 1440;
  return unit === 'minutes' ? Math.round(value) : value;
}

/** The norms with the change applied and validated; an error message (English, for logs and the CLI) if the result is not valid. */
export function applyNormChange(norms: Norms, change: NormChange): { ok: true; norms: Norms; before: unknown; after: unknown } | { ok: false; error: string } {
  const next = structuredClone(norms);
  // Edited as plain data and validated as a whole below: the schema is the judge, not the types here.
  const rule = next.rules[change.kind === 'enabled' ? change.rule : change.param.rule] as Record<string, unknown>;
  let before: unknown;
  let after: unknown;
  if (change.kind === 'enabled') {
    before = rule.enabled;
    rule.enabled = after = change.enabled;
  } else if (change.kind === 'ladder') {
    before = rule[change.param.field];
    rule[change.param.field] = after = change.ladder;
  } else if (change.scopeIds.length > 0 && change.param.scope) {
    const overrides = rule[change.param.scope === 'stage' ? 'stages' : 'pipelines'] as Record<string, number>;
    before = Object.fromEntries(change.scopeIds.map((id) => [id, overrides[id] ?? null]));
    for (const id of change.scopeIds) overrides[id] = change.value;
    after = Object.fromEntries(change.scopeIds.map((id) => [id, change.value]));
  } else {
    before = rule[change.param.field];
    rule[change.param.field] = after = change.value;
  }
  const parsed = normsSchema.safeParse(next);
  if (!parsed.success) return { ok: false, error: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
  return { ok: true, norms: parsed.data, before, after };
}

/** The parameters of a rule, the plain one first. */
export function paramsOf(rule: RuleName): NormParam[] {
  return NORM_PARAMS.filter((p) => p.rule === rule);
}

/** What is wrong with a ladder as typed, with the step it is about as typed. */
export type LadderProblem =
  | { kind: 'empty' }
  | { kind: 'too-many'; count: number }
  | { kind: 'unsorted' | 'duplicate' | 'bad-step' | 'too-late'; step: string }
  | { kind: 'bad-duration' | 'unknown-recipient'; step: string; value: string };

/** Recipients as people write them, in either language (lower case, «ё» as «е», without a leading «в»/«to»). */
const RECIPIENT_WORDS: Record<string, Recipient> = {
  manager: 'manager', менеджер: 'manager', менеджеру: 'manager', менеджера: 'manager',
  supervisor: 'supervisor', руководитель: 'supervisor', руководителю: 'supervisor', руководителя: 'supervisor',
  supervisors_chat: 'supervisors_chat', 'supervisors chat': 'supervisors_chat', 'чат руководителей': 'supervisors_chat',
  report_chat: 'report_chat', 'report chat': 'report_chat', 'чат отчета': 'report_chat', 'чат отчетов': 'report_chat',
};
const NOW_WORDS = new Set(['сразу', 'now', 'immediately']);
/** Words around a step that say nothing the step does not: «через 2ч руководителю снова». */
const LEADING = /^(через|after|in)\s+/;
const TRAILING = /\s+(снова|опять|again)$/;
const TO = /^(в|во|to|in)\s+/;

/**
 * The ladder as an admin types it: steps separated by commas (or `;`, or new
 * lines), each `WHEN WHOM` — `0 manager, 0 supervisor, 2h supervisor, 1d
 * report_chat`, or in Russian `сразу менеджеру, 2ч руководителю, 1д чат
 * отчёта`. WHEN is a duration as elsewhere in /setnorm (30m, 2h, 1d, 30мин,
 * 2ч, 1д; a bare number is minutes; 0 or «сразу» is at once). A decimal comma
 * (1,5ч) is not a separator. The steps must go in order of time: the order
 * written is the order told, and a step out of order is more likely a typo
 * than a wish. Pure; the schema checks the result again when it is saved.
 */
export function parseLadder(text: string): { ok: true; ladder: EscalationStep[] } | { ok: false; problem: LadderProblem } {
  const parts = text
    .split(/[;\n]|(?<!\d),|,(?!\d)/)
    .map((part) => part.trim().replace(/\s+/g, ' '))
    .filter((part) => part !== '');
  if (parts.length === 0) return { ok: false, problem: { kind: 'empty' } };
  const ladder: EscalationStep[] = [];
  for (const part of parts) {
    const step = parseStep(part);
    if ('kind' in step) return { ok: false, problem: step };
    ladder.push(step);
  }
  const shape = ladderProblem(ladder);
  if (!shape) return { ok: true, ladder };
  if (shape.kind === 'empty' || shape.kind === 'too-many') return { ok: false, problem: shape };
  return { ok: false, problem: { kind: shape.kind, step: parts[shape.index]! } };
}

function parseStep(part: string): EscalationStep | LadderProblem {
  const words = part.toLowerCase().replace(/ё/g, 'е').replace(LEADING, '').replace(TRAILING, '').split(' ');
  const [first = '', second] = words;
  // «2 ч руководителю»: a bare number and a unit are one duration; «0 чат отчёта» is not («чат» is no unit).
  const split = /^\d+([.,]\d+)?$/.test(first) && second !== undefined && MINUTES_PER[second.replace(/\.$/, '')] !== undefined ? 2 : 1;
  const when = words.slice(0, split).join(' ');
  const whom = words.slice(split).join(' ').replace(TO, '');
  if (whom === '') return { kind: 'bad-step', step: part };
  const afterMinutes = NOW_WORDS.has(when) ? 0 : parseNormValue(when, 'minutes');
  if (afterMinutes === null || afterMinutes < 0) return { kind: 'bad-duration', step: part, value: when };
  if (afterMinutes > MAX_AFTER_MINUTES) return { kind: 'too-late', step: part };
  const to = RECIPIENT_WORDS[whom];
  if (!to) return { kind: 'unknown-recipient', step: part, value: whom };
  return { afterMinutes, to };
}
