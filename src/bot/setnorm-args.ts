import { paramsOf, parseLadder, parseNormValue, type LadderProblem, type NormChange } from '../norms/edit';
import { legacyLadder, MAX_AFTER_MINUTES, MAX_STEPS } from '../norms/ladder';
import { RULE_NAMES, type RuleName } from '../norms/schema';
import type { ScopeCatalog } from './scopes';

/** A message id and its variables: what to tell the admin when the arguments do not make sense. */
export interface ArgsProblem {
  problem: string;
  vars?: Record<string, string>;
}

/** Words that pick the escalation ladder besides its keyword (`escalation`). */
const LADDER_WORDS: Record<string, string> = { эскалация: 'escalation', лестница: 'escalation' };

const OFF = new Set(['off', 'выкл', 'нет', 'disable']);
const ON = new Set(['on', 'вкл', 'да', 'enable']);

/**
 * Splits arguments on spaces, keeping quoted parts whole: `"Контакт установлен"`,
 * «Контакт установлен» and 'Контакт установлен' are one argument.
 */
export function splitArgs(text: string): string[] {
  const args: string[] = [];
  for (const m of text.matchAll(/"([^"]*)"|«([^»]*)»|'([^']*)'|(\S+)/g)) args.push(m[1] ?? m[2] ?? m[3] ?? m[4] ?? '');
  return args;
}

/**
 * The one-line form of /setnorm: `RULE [PARAMETER | STAGE | PIPELINE] VALUE`,
 * e.g. `stage_time_exceeded "Контакт установлен" 24h`, `lost_without_reason off`,
 * `task_overdue escalation 0 manager, 0 supervisor, 2h supervisor, 1d report_chat`
 * (the rest of the line is the ladder). A stage name that several pipelines
 * share sets the norm for that stage in each of them.
 */
export function parseSetnorm(text: string, catalog: ScopeCatalog): NormChange | ArgsProblem {
  const args = splitArgs(text);
  const [ruleArg, ...rest] = args;
  if (!ruleArg) return { problem: 'setnorm-usage' };
  const rule = RULE_NAMES.find((r) => r === ruleArg.toLowerCase()) as RuleName | undefined;
  if (!rule) return { problem: 'setnorm-unknown-rule', vars: { rule: ruleArg, rules: RULE_NAMES.join(', ') } };
  const ladder = ladderChange(rule, text);
  if (ladder) return ladder;
  const valueArg = rest.pop();
  if (valueArg === undefined) return { problem: 'setnorm-missing-value', vars: { rule } };
  const lowered = valueArg.toLowerCase();
  if (rest.length === 0 && (OFF.has(lowered) || ON.has(lowered))) return { kind: 'enabled', rule, enabled: ON.has(lowered) };
  const params = paramsOf(rule);
  if (params.length === 0) return { problem: 'setnorm-no-value', vars: { rule } };
  const middle = rest.join(' ').trim();
  const param = params.find((p) => p.keyword !== undefined && p.keyword === middle.toLowerCase()) ?? params.find((p) => !p.keyword)!;
  const usesKeyword = param.keyword !== undefined;
  let scopeIds: string[] = [];
  if (middle !== '' && !usesKeyword) {
    if (!param.scope) return { problem: 'setnorm-no-scope', vars: { rule, scope: middle } };
    const found = findScope(middle, param.scope, catalog);
    if (found.length === 0) return { problem: param.scope === 'stage' ? 'setnorm-unknown-stage' : 'setnorm-unknown-pipeline', vars: { scope: middle } };
    scopeIds = found;
  }
  const value = parseNormValue(valueArg, param.unit);
  if (value === null || value < 0 || (value === 0 && param.unit !== 'minutes')) return { problem: `setnorm-bad-value-${param.unit}`, vars: { value: valueArg } };
  return { kind: 'value', param, value, scopeIds };
}

/**
 * A ladder typed after its keyword (`escalation`, «эскалация»), or the
 * single number it replaced: `task_overdue escalate 3h` still means what it
 * did — the manager and the supervisor at once, the supervisor again after
 * 3 hours (the whole ladder set to that). Null when the line is about
 * another parameter.
 */
function ladderChange(rule: RuleName, text: string): NormChange | ArgsProblem | null {
  const param = paramsOf(rule).find((p) => p.unit === 'ladder');
  const m = /^\s*\S+\s+(\S+)\s*([\s\S]*)$/.exec(text);
  if (!param || !m) return null;
  const word = m[1]!.toLowerCase();
  const typed = m[2]!.trim();
  if (word === 'escalate') {
    if (typed === '') return { problem: 'setnorm-missing-value', vars: { rule } };
    const minutes = parseNormValue(typed, 'minutes');
    if (minutes === null || minutes <= 0) return { problem: 'setnorm-bad-value-hours', vars: { value: typed } };
    if (minutes > MAX_AFTER_MINUTES) return ladderProblem({ kind: 'too-late', step: typed });
    return { kind: 'ladder', param, ladder: legacyLadder(minutes) };
  }
  if (word !== param.keyword && LADDER_WORDS[word] !== param.keyword) return null;
  const parsed = parseLadder(typed);
  return parsed.ok ? { kind: 'ladder', param, ladder: parsed.ladder } : ladderProblem(parsed.problem);
}

/** What to tell the admin of a ladder that does not make sense (one message, `ladder-problem`, by kind). */
export function ladderProblem(problem: LadderProblem): ArgsProblem {
  return {
    problem: 'ladder-problem',
    vars: {
      kind: problem.kind,
      step: 'step' in problem ? problem.step : '',
      value: 'value' in problem ? problem.value : '',
      count: 'count' in problem ? String(problem.count) : '',
      max: String(MAX_STEPS),
    },
  };
}

/** Stage ids by exact name (all pipelines that have it), else by a unique partial match; pipeline ids likewise. */
function findScope(name: string, scope: 'stage' | 'pipeline', catalog: ScopeCatalog): string[] {
  const q = name.toLocaleLowerCase('ru');
  const items = scope === 'stage' ? catalog.stages : catalog.pipelines;
  const exact = items.filter((i) => i.name.toLocaleLowerCase('ru') === q);
  if (exact.length > 0) return exact.map((i) => i.id);
  const partial = items.filter((i) => i.name.toLocaleLowerCase('ru').includes(q));
  return new Set(partial.map((i) => i.name)).size === 1 ? partial.map((i) => i.id) : [];
}

