import type { Formatter } from '../format';
import type { Translator } from '../i18n';
import { paramsOf, type NormParam, type NormUnit } from '../norms/edit';
import { repeatsRecipient, type EscalationStep } from '../norms/ladder';
import { RULE_NAMES, type Norms } from '../norms/schema';
import { escapeHtml } from '../telegram-html';
import { DAY, HOUR, MINUTE } from '../time';

/** Names of stages and pipelines by id, for overrides. */
export interface ScopeNames {
  stages: ReadonlyMap<string, { name: string; pipelineName: string }>;
  pipelines: ReadonlyMap<string, string>;
}

/** A norm's value as people say it: «24 ч», «300 000 ₽», «150». A ladder is no number: describeLadder says it. */
export function formatNormValue(value: number, unit: NormUnit, fmt: Formatter): string {
  if (unit === 'ladder') throw new Error('formatNormValue: a ladder is said by describeLadder');
  if (unit === 'count') return fmt.count(value);
  if (unit === 'money') return fmt.money(value);
  const ms = unit === 'minutes' ? value * MINUTE : unit === 'hours' ? value * HOUR : value * DAY;
  return ms === 0 ? fmt.duration(0) : fmt.duration(ms);
}

/** The escalation ladder in words: «сразу — менеджеру; сразу — руководителю; через 2 ч — руководителю снова». */
export function describeLadder(ladder: readonly EscalationStep[], tr: Translator, fmt: Formatter): string {
  return ladder
    .map((step, i) =>
      tr.t('ladder-step', {
        when: step.afterMinutes === 0 ? 'now' : fmt.duration(step.afterMinutes * MINUTE),
        to: step.to,
        again: repeatsRecipient(ladder, i) ? 'yes' : 'no',
      }),
    )
    .join('; ');
}

/** The rule and parameter as a sales head names it: «Просроченные задачи: эскалация руководителю через». */
export function paramLabel(param: NormParam, tr: Translator): string {
  return `${tr.t(`rule-${param.rule}`)}: ${tr.t(`norm-param-${param.rule}-${param.field}`)}`;
}

/** All norms as a readable list: each rule on, off, its severity and values, with per-stage and per-pipeline overrides. */
export function describeNorms(norms: Norms, names: ScopeNames, tr: Translator, fmt: Formatter): string {
  const lines = [tr.t('norms-title', { timezone: norms.timezone, days: weekdays(norms.workingHours.days, tr), from: norms.workingHours.from, to: norms.workingHours.to }), ''];
  for (const rule of RULE_NAMES) {
    const ruleNorms = norms.rules[rule] as Record<string, unknown> & { enabled: boolean; severity: string };
    const values = paramsOf(rule).flatMap((p) => (p.unit === 'ladder' ? [] : [`${tr.t(`norm-param-${p.rule}-${p.field}`)}: ${formatNormValue(ruleNorms[p.field] as number, p.unit, fmt)}`]));
    const head = `${ruleNorms.enabled ? '✅' : '⏸'} <b>${escapeHtml(tr.t(`rule-${rule}`))}</b> — ${ruleNorms.enabled ? tr.t(`severity-${ruleNorms.severity}`).toLowerCase() : tr.t('norms-off')}`;
    lines.push(values.length > 0 ? `${head}\n    ${values.join('; ')}` : head);
    // A ladder joins its steps with «;» too: it gets a line of its own.
    for (const p of paramsOf(rule).filter((p) => p.unit === 'ladder')) {
      lines.push(`    ${tr.t(`norm-param-${p.rule}-${p.field}`)}: ${describeLadder(ruleNorms[p.field] as EscalationStep[], tr, fmt)}`);
    }
    for (const p of paramsOf(rule).filter((p) => p.scope)) {
      const overrides = (p.scope === 'stage' ? ruleNorms.stages : ruleNorms.pipelines) as Record<string, number>;
      for (const [id, value] of Object.entries(overrides)) {
        const stage = names.stages.get(id);
        const where = p.scope === 'stage' ? (stage ? `${stage.name} (${stage.pipelineName})` : id) : (names.pipelines.get(id) ?? id);
        lines.push(`    • ${escapeHtml(where)}: ${formatNormValue(value, p.unit, fmt)}`);
      }
    }
  }
  lines.push('', tr.t('norms-hint'));
  return lines.join('\n');
}

/** ISO weekdays as «пн–пт» or «пн, ср, пт». */
export function weekdays(days: readonly number[], tr: Translator): string {
  const sorted = [...days].sort((a, b) => a - b);
  const name = (d: number) => tr.t('weekday-short', { day: d });
  const contiguous = sorted.every((d, i) => i === 0 || d === sorted[i - 1]! + 1);
  if (contiguous && sorted.length > 2) return `${name(sorted[0]!)}–${name(sorted.at(-1)!)}`;
  return sorted.map(name).join(', ');
}
