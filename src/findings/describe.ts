import type { Formatter } from '../format';
import type { Translator } from '../i18n';
import type { Finding, FindingFacts } from '../rules/types';

/**
 * The human explanation of a finding (what, since when, by how much) in the
 * translator's locale. Facts are formatted by naming convention: `…At` keys
 * are instants, `…Ms` keys durations, `price` money; null becomes "none" so
 * a message can select on it.
 */
export function describeFinding(finding: Pick<Finding, 'rule' | 'facts'>, tr: Translator, fmt: Formatter): string {
  return tr.t(`finding-${finding.rule}`, formatFacts(finding.facts, fmt));
}

function formatFacts(facts: FindingFacts, fmt: Formatter): Record<string, string | number> {
  const vars: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(facts)) {
    if (value === null) vars[key] = 'none';
    else if (typeof value === 'string') vars[key] = value;
    else if (key.endsWith('At')) vars[key] = fmt.dateTime(value);
    else if (key.endsWith('Ms')) vars[key] = fmt.duration(value);
    else if (key === 'price') vars[key] = fmt.money(value);
    else vars[key] = value;
  }
  return vars;
}
