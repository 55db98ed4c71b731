import { createFormatter } from '../format';
import { translator, type Locale } from '../i18n';
import { applyNormChange, type NormChange } from '../norms/edit';
import type { EscalationStep } from '../norms/ladder';
import { loadNorms, saveNormsChange } from '../norms/store';
import type { JobContext } from '../jobs/context';
import { escapeHtml } from '../telegram-html';
import { describeLadder, formatNormValue, paramLabel } from './norms-text';
import type { ScopeCatalog } from './scopes';

/** Applies a norm change from the chat, saves it with an audit entry and says, in the reader's words, what changed. */
export function commitNormChange(ctx: JobContext, change: NormChange, actor: string, catalog: ScopeCatalog, locale: Locale): { ok: true; summary: string } | { ok: false; error: string } {
  const { config, handle, clock } = ctx;
  const current = loadNorms(handle.db, config.ACCOUNT_ID, config.TIMEZONE);
  const applied = applyNormChange(current, change);
  if (!applied.ok) return applied;
  const what = change.kind === 'enabled' ? `${change.rule}.enabled` : `${change.param.rule}.${change.param.field}`;
  saveNormsChange(handle.db, config.ACCOUNT_ID, { norms: applied.norms, actor, what, before: applied.before, after: applied.after }, clock.now().getTime());
  return { ok: true, summary: describeChange(change, current, catalog, locale, config.TIMEZONE) };
}

/** «Дольше нормы на этапе» для «Контакт установлен» (Продажи): было 72 ч, стало 24 ч. */
export function describeChange(change: NormChange, current: ReturnType<typeof loadNorms>, catalog: ScopeCatalog, locale: Locale, timezone: string): string {
  const tr = translator(locale);
  const fmt = createFormatter(tr, timezone);
  if (change.kind === 'enabled') return tr.t(change.enabled ? 'setnorm-enabled' : 'setnorm-disabled', { rule: escapeHtml(tr.t(`rule-${change.rule}`)) });
  const { param } = change;
  const rule = current.rules[param.rule] as Record<string, unknown>;
  if (change.kind === 'ladder') {
    return tr.t('setnorm-changed', {
      param: escapeHtml(paramLabel(param, tr)),
      scope: 'none',
      before: `«${describeLadder(rule[param.field] as EscalationStep[], tr, fmt)}»`,
      after: `«${describeLadder(change.ladder, tr, fmt)}»`,
    });
  }
  const base = rule[param.field] as number;
  const overrides = param.scope ? ((rule[param.scope === 'stage' ? 'stages' : 'pipelines'] as Record<string, number>) ?? {}) : {};
  const firstId = change.scopeIds[0];
  const before = firstId !== undefined ? (overrides[firstId] ?? base) : base;
  const scope = scopeLabel(change.scopeIds, param.scope, catalog);
  return tr.t('setnorm-changed', {
    param: escapeHtml(paramLabel(param, tr)),
    scope: scope ? escapeHtml(scope) : 'none',
    before: formatNormValue(before, param.unit, fmt),
    after: formatNormValue(change.value, param.unit, fmt),
  });
}

function scopeLabel(ids: readonly string[], scope: 'stage' | 'pipeline' | undefined, catalog: ScopeCatalog): string | null {
  if (ids.length === 0 || !scope) return null;
  if (scope === 'pipeline') return ids.map((id) => catalog.pipelines.find((p) => p.id === id)?.name ?? id).join(', ');
  const stages = ids.map((id) => catalog.stages.find((s) => s.id === id));
  const name = stages[0]?.name ?? ids[0]!;
  return `${name} (${stages.map((s) => s?.pipelineName ?? '?').join(', ')})`;
}
