import { paramsOf, parseNormValue, type NormChange } from '../norms/edit';
import { RULE_NAMES, type RuleName } from '../norms/schema';
import type { ScopeCatalog } from './scopes';

/** A message id and its variables: what to tell the admin when the arguments do not make sense. */
export interface ArgsProblem {
  problem: string;
  vars?: Record<string, string>;
}

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
 * e.g. `stage_time_exceeded "Контакт установлен" 24h`, `task_overdue escalate 3h`,
 * `lost_without_reason off`. A stage name that several pipelines share sets
 * the norm for that stage in each of them.
 */
export function parseSetnorm(text: string, catalog: ScopeCatalog): NormChange | ArgsProblem {
  const args = splitArgs(text);
  const [ruleArg, ...rest] = args;
  if (!ruleArg) return { problem: 'setnorm-usage' };
  const rule = RULE_NAMES.find((r) => r === ruleArg.toLowerCase()) as RuleName | undefined;
  if (!rule) return { problem: 'setnorm-unknown-rule', vars: { rule: ruleArg, rules: RULE_NAMES.join(', ') } };
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

/** Stage ids by exact name (all pipelines that have it), else by a unique partial match; pipeline ids likewise. */
function findScope(name: string, scope: 'stage' | 'pipeline', catalog: ScopeCatalog): string[] {
  const q = name.toLocaleLowerCase('ru');
  const items = scope === 'stage' ? catalog.stages : catalog.pipelines;
  const exact = items.filter((i) => i.name.toLocaleLowerCase('ru') === q);
  if (exact.length > 0) return exact.map((i) => i.id);
  const partial = items.filter((i) => i.name.toLocaleLowerCase('ru').includes(q));
  return new Set(partial.map((i) => i.name)).size === 1 ? partial.map((i) => i.id) : [];
}

