import type { Conversation } from '@grammyjs/conversations';
import { InlineKeyboard } from 'grammy';
import { createFormatter } from '../../format';
import { translator } from '../../i18n';
import { NORM_PARAMS, parseNormValue, type NormChange } from '../../norms/edit';
import { loadNorms } from '../../norms/store';
import type { BotContext, ConversationContext } from '../context';
import { commitNormChange, describeChange } from '../norm-change';
import { formatNormValue, paramLabel } from '../norms-text';
import { scopeCatalog, type ScopeCatalog } from '../scopes';

export const SETNORM = 'setnorm';

type SetnormConversation = Conversation<BotContext, ConversationContext>;

/**
 * /setnorm without arguments: rule → pipeline → stage → value → confirm, with
 * inline keyboards. Every read of the database goes through
 * `conversation.external`, so a replay after a restart sees the same answers;
 * the state lives in SQLite (see conversation-storage.ts).
 */
export async function setnormConversation(conversation: SetnormConversation, ctx: ConversationContext): Promise<void> {
  const deps = ctx.deps;
  const tr = translator(ctx.locale);
  const fmt = createFormatter(tr, deps.config.TIMEZONE);
  const catalog = await conversation.external(() => scopeCatalog(deps.handle.db, deps.config.ACCOUNT_ID));
  const norms = await conversation.external(() => loadNorms(deps.handle.db, deps.config.ACCOUNT_ID, deps.config.TIMEZONE));

  const rules = new InlineKeyboard();
  NORM_PARAMS.forEach((p, i) => rules.text(paramLabel(p, tr), `sn:p:${i}`).row());
  rules.text(tr.t('setnorm-cancel-button'), 'sn:cancel');
  await ctx.reply(tr.t('setnorm-ask-rule'), { reply_markup: rules });
  const paramChoice = await choose(conversation, tr.t('setnorm-use-buttons'));
  if (paramChoice === null) return void (await ctx.reply(tr.t('setnorm-cancelled')));
  const param = NORM_PARAMS[Number(paramChoice.replace('p:', ''))];
  if (!param) return void (await ctx.reply(tr.t('setnorm-cancelled')));

  let scopeIds: string[] = [];
  if (param.scope) {
    const ruleNorms = norms.rules[param.rule] as Record<string, unknown>;
    const base = formatNormValue(ruleNorms[param.field] as number, param.unit, fmt);
    const pipelines = new InlineKeyboard().text(tr.t('setnorm-scope-all', { value: base }), 'sn:all').row();
    catalog.pipelines.forEach((p) => pipelines.text(p.name, `sn:pl:${p.id}`).row());
    pipelines.text(tr.t('setnorm-cancel-button'), 'sn:cancel');
    await ctx.reply(tr.t('setnorm-ask-pipeline'), { reply_markup: pipelines });
    const pipelineChoice = await choose(conversation, tr.t('setnorm-use-buttons'));
    if (pipelineChoice === null) return void (await ctx.reply(tr.t('setnorm-cancelled')));
    if (pipelineChoice !== 'all') {
      const pipelineId = pipelineChoice.replace('pl:', '');
      if (param.scope === 'pipeline') scopeIds = [pipelineId];
      else {
        const stages = stagesKeyboard(catalog, pipelineId, tr.t('setnorm-cancel-button'));
        await ctx.reply(tr.t('setnorm-ask-stage'), { reply_markup: stages });
        const stageChoice = await choose(conversation, tr.t('setnorm-use-buttons'));
        if (stageChoice === null) return void (await ctx.reply(tr.t('setnorm-cancelled')));
        scopeIds = [stageChoice.replace('st:', '')];
      }
    }
  }

  await ctx.reply(tr.t(`setnorm-ask-value-${param.unit}`));
  let value: number | null = null;
  while (value === null) {
    const answer = await conversation.waitFor('message:text', { otherwise: (c) => c.reply(tr.t(`setnorm-ask-value-${param.unit}`)) });
    const text = answer.message.text.trim();
    if (text === '/cancel') return void (await ctx.reply(tr.t('setnorm-cancelled')));
    const parsed = parseNormValue(text, param.unit);
    if (parsed !== null && (parsed > 0 || (parsed === 0 && param.unit === 'minutes'))) value = parsed;
    else await answer.reply(tr.t(`setnorm-bad-value-${param.unit}`, { value: text }));
  }

  const change: NormChange = { kind: 'value', param, value, scopeIds };
  const confirm = new InlineKeyboard().text(tr.t('setnorm-save-button'), 'sn:save').text(tr.t('setnorm-cancel-button'), 'sn:cancel');
  await ctx.reply(`${describeChange(change, norms, catalog, ctx.locale, deps.config.TIMEZONE)}\n\n${tr.t('setnorm-confirm')}`, { parse_mode: 'HTML', reply_markup: confirm });
  const decision = await choose(conversation, tr.t('setnorm-use-buttons'));
  if (decision !== 'save') return void (await ctx.reply(tr.t('setnorm-cancelled')));
  const actor = String(ctx.from?.id);
  const saved = await conversation.external(() => commitNormChange(deps, change, actor, catalog, ctx.locale));
  await ctx.reply(saved.ok ? `${tr.t('setnorm-saved')}\n${saved.summary}` : tr.t('setnorm-invalid', { error: saved.error }), { parse_mode: 'HTML' });
}

/** Waits for a button of this conversation; null when the admin cancels (a button or /cancel). */
async function choose(conversation: SetnormConversation, hint: string): Promise<string | null> {
  const answer = await conversation.waitFor(['callback_query:data', 'message:text'], { otherwise: (c) => c.reply(hint) });
  if (answer.message?.text?.trim() === '/cancel') return null;
  const data = answer.callbackQuery?.data;
  if (!data?.startsWith('sn:')) {
    await answer.reply(hint);
    return choose(conversation, hint);
  }
  await answer.answerCallbackQuery();
  const choice = data.slice(3);
  return choice === 'cancel' ? null : choice;
}

function stagesKeyboard(catalog: ScopeCatalog, pipelineId: string, cancel: string): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  catalog.stages.filter((s) => s.pipelineId === pipelineId).forEach((s) => keyboard.text(s.name, `sn:st:${s.id}`).row());
  return keyboard.text(cancel, 'sn:cancel');
}
