import type { Conversation } from '@grammyjs/conversations';
import { InlineKeyboard } from 'grammy';
import { createFormatter } from '../../format';
import { translator, type Translator } from '../../i18n';
import { NORM_PARAMS, parseLadder, parseNormValue, type NormChange, type NormParam } from '../../norms/edit';
import type { EscalationStep } from '../../norms/ladder';
import { loadNorms } from '../../norms/store';
import type { BotContext, ConversationContext } from '../context';
import { commitNormChange, describeChange } from '../norm-change';
import { describeLadder, formatNormValue, paramLabel } from '../norms-text';
import { scopeCatalog, type ScopeCatalog } from '../scopes';
import { ladderProblem } from '../setnorm-args';

export const SETNORM = 'setnorm';

type SetnormConversation = Conversation<BotContext, ConversationContext>;

/**
 * /setnorm without arguments: rule → pipeline → stage → value → confirm, with
 * inline keyboards (the escalation ladder: rule → the ladder typed → confirm). Every read of the database goes through
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

  let change: NormChange;
  if (param.unit === 'ladder') {
    const current = describeLadder((norms.rules[param.rule] as Record<string, unknown>)[param.field] as EscalationStep[], tr, fmt);
    const ladder = await askLadder(conversation, ctx, tr.t('setnorm-ask-value-ladder', { current }), tr);
    if (ladder === null) return void (await ctx.reply(tr.t('setnorm-cancelled')));
    change = { kind: 'ladder', param, ladder };
  } else {
    const value = await askValue(conversation, ctx, param, tr);
    if (value === null) return void (await ctx.reply(tr.t('setnorm-cancelled')));
    change = { kind: 'value', param, value, scopeIds };
  }

  const confirm = new InlineKeyboard().text(tr.t('setnorm-save-button'), 'sn:save').text(tr.t('setnorm-cancel-button'), 'sn:cancel');
  await ctx.reply(`${describeChange(change, norms, catalog, ctx.locale, deps.config.TIMEZONE)}\n\n${tr.t('setnorm-confirm')}`, { parse_mode: 'HTML', reply_markup: confirm });
  const decision = await choose(conversation, tr.t('setnorm-use-buttons'));
  if (decision !== 'save') return void (await ctx.reply(tr.t('setnorm-cancelled')));
  const actor = String(ctx.from?.id);
  const saved = await conversation.external(() => commitNormChange(deps, change, actor, catalog, ctx.locale));
  await ctx.reply(saved.ok ? `${tr.t('setnorm-saved')}\n${saved.summary}` : tr.t('setnorm-invalid', { error: saved.error }), { parse_mode: 'HTML' });
}

/** Asks for a number in the parameter's unit until one makes sense; null on /cancel. */
async function askValue(conversation: SetnormConversation, ctx: ConversationContext, param: NormParam, tr: Translator): Promise<number | null> {
  return askUntil<number>(conversation, ctx, tr.t(`setnorm-ask-value-${param.unit}`), (text) => {
    const parsed = parseNormValue(text, param.unit);
    return parsed !== null && (parsed > 0 || (parsed === 0 && param.unit === 'minutes')) ? { ok: true, value: parsed } : { ok: false, answer: tr.t(`setnorm-bad-value-${param.unit}`, { value: text }) };
  });
}

/** Asks for the escalation ladder, typed as in the one-line form, until it makes sense (a bad one is answered with why, and an example); null on /cancel. */
async function askLadder(conversation: SetnormConversation, ctx: ConversationContext, ask: string, tr: Translator): Promise<EscalationStep[] | null> {
  return askUntil<EscalationStep[]>(conversation, ctx, ask, (text) => {
    const parsed = parseLadder(text);
    if (parsed.ok) return { ok: true, value: parsed.ladder };
    const problem = ladderProblem(parsed.problem);
    return { ok: false, answer: tr.t(problem.problem, problem.vars) };
  });
}

/** Sends `ask`, then reads text answers until `parse` accepts one; null on /cancel. */
async function askUntil<T>(conversation: SetnormConversation, ctx: ConversationContext, ask: string, parse: (text: string) => { ok: true; value: T } | { ok: false; answer: string }): Promise<T | null> {
  await ctx.reply(ask);
  for (;;) {
    const answer = await conversation.waitFor('message:text', { otherwise: (c) => c.reply(ask) });
    const text = answer.message.text.trim();
    if (text === '/cancel') return null;
    const parsed = parse(text);
    if (parsed.ok) return parsed.value;
    await answer.reply(parsed.answer);
  }
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
