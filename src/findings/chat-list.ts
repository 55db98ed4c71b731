import { describeFinding } from './describe';
import { createFormatter } from '../format';
import { translator, type Locale } from '../i18n';
import { freeTextIn, type TextForm } from '../privacy/policy';
import { RULE_NAMES } from '../norms/schema';
import { escapeHtml, packMessages } from '../telegram-html';
import type { SnapshotIndex } from '../rules/snapshot-index';
import type { Finding } from '../rules/types';

/** Findings listed per rule are cut at this many each: a chat is not a spreadsheet. */
const PER_RULE = 10;

/**
 * Open findings as chat messages: grouped by rule, violations first, each
 * with its deal (a link into the CRM) and its explanation; packed into
 * messages of at most 4096 characters. Deal names and task texts are shown
 * in each finding's text form (`formOf`): as typed, masked, or «Сделка №…».
 */
export function findingsMessages(
  title: string,
  findings: readonly Finding[],
  snapshot: SnapshotIndex,
  options: { locale: Locale; timezone: string; dealUrl(id: string): string; formOf(finding: Finding): TextForm; /** A last block (HTML): how many are snoozed. */ footer?: string },
): string[] {
  const tr = translator(options.locale);
  const fmt = createFormatter(tr, options.timezone);
  const blocks = [`<b>${escapeHtml(title)}</b>`];
  const footer = options.footer ? [options.footer] : [];
  if (findings.length === 0) return packMessages([`${blocks[0]}\n${tr.t('findings-none')}`, ...footer]);
  for (const rule of RULE_NAMES) {
    const ofRule = findings.filter((f) => f.rule === rule).sort((a, b) => a.since - b.since);
    if (ofRule.length === 0) continue;
    const lines = ofRule.slice(0, PER_RULE).map((f) => {
      const form = options.formOf(f);
      const deal = f.dealId ? snapshot.dealById.get(f.dealId) : undefined;
      const name = deal ? freeTextIn(form, deal.name) || tr.t('findings-deal-number', { id: deal.id }) : '';
      const dealLink = deal ? `<a href="${escapeHtml(options.dealUrl(deal.id))}">${escapeHtml(name)}</a>: ` : '';
      return `• ${dealLink}${escapeHtml(describeFinding(f, tr, fmt, form))}`;
    });
    if (ofRule.length > PER_RULE) lines.push(tr.t('findings-more', { count: ofRule.length - PER_RULE }));
    blocks.push([`<b>${escapeHtml(tr.t(`rule-${rule}`))} — ${ofRule.length}</b>`, ...lines].join('\n'));
  }
  return packMessages([...blocks, ...footer]);
}
