import type { Formatter } from '../format';
import type { Translator } from '../i18n';
import { freeTextIn, type TextForm } from '../privacy/policy';
import type { Finding, FindingFacts } from '../rules/types';

/** Facts that hold what people typed into the CRM (a task's text), shown only in the reader's text form. */
const FREE_TEXT_FACTS = new Set(['task']);

/**
 * The human explanation of a finding (what, since when, by how much) in the
 * translator's locale. Facts are formatted by naming convention: `…At` keys
 * are instants, `…Ms` keys durations, `price` money; null becomes "none" so
 * a message can select on it. A task's text is shown in `form`: as typed,
 * masked, or (strict) replaced by the task's type.
 */
export function describeFinding(finding: Pick<Finding, 'rule' | 'facts'>, tr: Translator, fmt: Formatter, form: TextForm): string {
  return tr.t(`finding-${finding.rule}`, formatFacts(finding.facts, fmt, form));
}

function formatFacts(facts: FindingFacts, fmt: Formatter, form: TextForm): Record<string, string | number> {
  const vars: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(facts)) {
    if (FREE_TEXT_FACTS.has(key)) vars[key] = freeText(value, form, facts);
    else if (value === null) vars[key] = 'none';
    else if (typeof value === 'string') vars[key] = value;
    else if (key.endsWith('At')) vars[key] = fmt.dateTime(value);
    else if (key.endsWith('Ms')) vars[key] = fmt.duration(value);
    else if (key === 'price') vars[key] = fmt.money(value);
    else vars[key] = value;
  }
  return vars;
}

/** A task's text as the form shows it, else its type, else the message's select: `none` (no text) or `hidden` (not shown here). */
function freeText(value: FindingFacts[string], form: TextForm, facts: FindingFacts): string {
  if (typeof value !== 'string' || value.trim() === '') return shownType(facts) ?? 'none';
  return freeTextIn(form, value) || shownType(facts) || 'hidden';
}

/** The task's type («Звонок»): a word from the CRM's own list, not typed by people. */
function shownType(facts: FindingFacts): string | null {
  return typeof facts.taskType === 'string' && facts.taskType !== '' ? facts.taskType : null;
}
