import { Composer, InlineKeyboard } from 'grammy';
import { cancel, decide, ownerForForm, snooze, snoozeCheck, targetName, visibleSnoozes, type SnoozeActor, type SnoozeOutcome } from '../../jobs/snooze';
import { loadSettings } from '../../settings/store';
import { textFormFor } from '../../privacy/reader';
import type { TextForm } from '../../privacy/policy';
import { parseSnoozeArgs } from '../../snooze/args';
import { EXPIRY_CODES, readSnoozeData, SNOOZE_CALLBACK, snoozeData, type SnoozeCallback } from '../../snooze/callbacks';
import { parseExpiry } from '../../snooze/expiry';
import type { Snooze, SnoozeReason, SnoozeTarget } from '../../snooze/model';
import { reasonLabel, targetLabel, untilLabel } from '../../snooze/text';
import { translator } from '../../i18n';
import { escapeHtml } from '../../telegram-html';
import type { BotContext } from '../context';
import { callerOf } from '../roles';

/**
 * Snoozes from the chat: «Отложить» under a ping or a findings list asks
 * for a reason and a time with buttons; `/snooze сделка 123 2 недели ждём
 * оплату` does it in one line (and is how a reason is typed); `/snoozed`
 * lists them with buttons to cancel, confirm or decline. Who may do what is
 * decided by the use case from who pressed, never from the button's data.
 */
export const snoozeFeature = new Composer<BotContext>();

const REASON_BUTTONS: SnoozeReason[] = ['away', 'payment', 'season', 'other'];

function actorOf(ctx: BotContext): SnoozeActor | null {
  if (ctx.from === undefined) return null;
  const caller = callerOf(ctx);
  // Someone no longer active in the CRM acts as nobody's manager or supervisor.
  return { telegramUserId: String(ctx.from.id), admin: caller.admin, crmUserId: caller.person?.active ? caller.person.crmUserId : null };
}

/** How this chat may show a snooze's free text: as typed only to the manager and their supervisor in private. */
function formIn(ctx: BotContext, actor: SnoozeActor, managerId: string | null): TextForm {
  const mode = loadSettings(ctx.deps.handle.db, ctx.deps.config.ACCOUNT_ID).privacy;
  const reader = ctx.chat?.type === 'private' ? { chat: 'private' as const, crmUserId: actor.crmUserId } : { chat: 'group' as const };
  return textFormFor(reader, ownerForForm(ctx.deps, managerId), mode);
}

snoozeFeature.command('snooze', async (ctx) => {
  const actor = actorOf(ctx);
  if (!actor) return;
  const { config, clock } = ctx.deps;
  const parsed = parseSnoozeArgs(ctx.match, clock.now().getTime(), config.TIMEZONE);
  if ('problem' in parsed) {
    if (parsed.problem === 'bad-expiry') return ctx.reply(ctx.t('snooze-bad-expiry', { value: parsed.value, why: parsed.reason }));
    if (parsed.problem === 'bad-target') return ctx.reply(ctx.t('snooze-bad-target', { value: parsed.value }));
    return ctx.reply(ctx.t(`snooze-${parsed.problem}`));
  }
  const outcome = snooze(ctx.deps, parsed, actor);
  await ctx.reply(outcomeText(ctx, outcome, actor, parsed), { parse_mode: 'HTML' });
  // Edits of closed pings and a confirmation request wait in the outbox: send them now.
  await ctx.deps.outbox.kick();
});

snoozeFeature.command('snoozed', async (ctx) => {
  const actor = actorOf(ctx);
  if (!actor) return;
  if (!actor.admin && actor.crmUserId === null) return ctx.reply(ctx.t('snoozed-not-linked'));
  const items = visibleSnoozes(ctx.deps, actor);
  if (items.length === 0) return ctx.reply(ctx.t('snoozed-none'));
  const tz = ctx.deps.config.TIMEZONE;
  const tr = translator(ctx.locale);
  const keyboard = new InlineKeyboard();
  const lines = items.map((item, i) => {
    const form = formIn(ctx, actor, item.snooze.managerId);
    const n = i + 1;
    if (item.canDecide) {
      const ok = snoozeData({ kind: 'confirm', id: item.snooze.id });
      const no = snoozeData({ kind: 'decline', id: item.snooze.id });
      if (ok && no) keyboard.text(ctx.t('snoozed-confirm-button', { n }), ok).text(ctx.t('snoozed-decline-button', { n }), no).row();
    } else if (item.canCancel) {
      const x = snoozeData({ kind: 'cancel', id: item.snooze.id });
      if (x) keyboard.text(ctx.t('snoozed-cancel-button', { n }), x).row();
    }
    return ctx.t('snoozed-line', {
      n,
      target: targetLabel(tr, { ...item.snooze, name: item.name }, form),
      manager: escapeHtml(item.manager ?? '—'),
      until: untilLabel(item.snooze.until, tz),
      reason: reasonLabel(tr, item.snooze, form),
      status: item.snooze.status,
    });
  });
  await ctx.reply([ctx.t('snoozed-title', { count: items.length }), ...lines].join('\n'), {
    parse_mode: 'HTML',
    ...(keyboard.inline_keyboard.length > 0 ? { reply_markup: keyboard } : {}),
  });
});

snoozeFeature.callbackQuery(SNOOZE_CALLBACK, async (ctx) => {
  const actor = actorOf(ctx);
  const pressed = readSnoozeData(ctx.callbackQuery.data);
  if (!actor || !pressed) return ctx.answerCallbackQuery({ text: ctx.t('snooze-button-stale') });
  if ('id' in pressed) {
    if (pressed.kind === 'cancel') return onCancel(ctx, actor, pressed.id);
    return onDecision(ctx, actor, pressed.id, pressed.kind === 'confirm');
  }
  const check = snoozeCheck(ctx.deps, pressed.scope, pressed.targetId, actor);
  if (check !== 'ok') return ctx.answerCallbackQuery({ text: ctx.t(`snooze-${check}`), show_alert: true });
  await ctx.answerCallbackQuery();
  await onChoice(ctx, actor, pressed);
});

/** The steps of the buttons: a reason, then a time, then the snooze. */
async function onChoice(ctx: BotContext, actor: SnoozeActor, pressed: Exclude<SnoozeCallback, { id: number }>): Promise<void> {
  const target: SnoozeTarget = { scope: pressed.scope, targetId: pressed.targetId };
  const label = targetLabel(translator(ctx.locale), target, 'strict');
  if (pressed.kind === 'start') {
    const keyboard = new InlineKeyboard();
    for (const reason of REASON_BUTTONS) {
      const data = snoozeData({ kind: 'reason', ...target, reason });
      if (data) keyboard.text(ctx.t('snooze-reason', { reason }), data).row();
    }
    await ctx.reply(ctx.t('snooze-ask-reason', { target: label }), { parse_mode: 'HTML', reply_markup: keyboard });
    return;
  }
  if (pressed.kind === 'reason') {
    if (pressed.reason === 'other') {
      await ctx.editMessageText(ctx.t('snooze-ask-typed', { target: label, word: ctx.t(pressed.scope === 'deal' ? 'snooze-word-deal' : 'snooze-word-task'), id: pressed.targetId }), { parse_mode: 'HTML' });
      return;
    }
    const keyboard = new InlineKeyboard();
    for (const expiry of Object.keys(EXPIRY_CODES)) {
      const data = snoozeData({ kind: 'expiry', ...target, reason: pressed.reason, expiry });
      if (data) keyboard.text(ctx.t('snooze-expiry-button', { expiry }), data);
    }
    await ctx.editMessageText(ctx.t('snooze-ask-expiry', { target: label, reason: ctx.t('snooze-reason', { reason: pressed.reason }) }), { parse_mode: 'HTML', reply_markup: keyboard });
    return;
  }
  const { config, clock } = ctx.deps;
  const expiry = parseExpiry(EXPIRY_CODES[pressed.expiry] ?? '', clock.now().getTime(), config.TIMEZONE);
  if (!expiry.ok) {
    await ctx.editMessageText(ctx.t('snooze-bad-expiry', { value: pressed.expiry, why: expiry.problem }));
    return;
  }
  const request = { ...target, expiry: expiry.expiry, reason: pressed.reason, note: null };
  const outcome = snooze(ctx.deps, request, actor);
  await ctx.editMessageText(outcomeText(ctx, outcome, actor, request), { parse_mode: 'HTML' });
  await ctx.deps.outbox.kick();
}

async function onDecision(ctx: BotContext, actor: SnoozeActor, id: number, confirm: boolean): Promise<void> {
  const outcome = decide(ctx.deps, id, actor, confirm);
  if (outcome.kind === 'not-found' || outcome.kind === 'forbidden') {
    await ctx.answerCallbackQuery({ text: ctx.t(outcome.kind === 'forbidden' ? 'snooze-decide-forbidden' : 'snooze-not-found'), show_alert: true });
    return;
  }
  await ctx.answerCallbackQuery();
  const s = outcome.snooze;
  const text =
    outcome.kind === 'not-pending'
      ? ctx.t('snooze-decided-before', { target: describe(ctx, actor, s) })
      : ctx.t(outcome.kind === 'confirmed' ? 'snooze-confirmed' : 'snooze-declined', { target: describe(ctx, actor, s), until: untilLabel(s.until, ctx.deps.config.TIMEZONE) });
  await ctx.editMessageText(text, { parse_mode: 'HTML' });
  await ctx.deps.outbox.kick();
}

async function onCancel(ctx: BotContext, actor: SnoozeActor, id: number): Promise<void> {
  const outcome = cancel(ctx.deps, id, actor);
  if (outcome.kind === 'not-found' || outcome.kind === 'forbidden') {
    await ctx.answerCallbackQuery({ text: ctx.t(outcome.kind === 'forbidden' ? 'snooze-cancel-forbidden' : 'snooze-not-found'), show_alert: true });
    return;
  }
  await ctx.answerCallbackQuery();
  await ctx.reply(ctx.t(outcome.kind === 'cancelled' ? 'snooze-cancelled' : 'snooze-ended-before', { target: describe(ctx, actor, outcome.snooze) }), { parse_mode: 'HTML' });
}

function describe(ctx: BotContext, actor: SnoozeActor, s: Snooze): string {
  return targetLabel(translator(ctx.locale), { ...s, name: targetName(ctx.deps, s) }, formIn(ctx, actor, s.managerId));
}

/** What the one who snoozed is told. */
function outcomeText(ctx: BotContext, outcome: SnoozeOutcome, actor: SnoozeActor, request: SnoozeTarget): string {
  if (outcome.kind === 'not-found') return ctx.t('snooze-not-found-target', { target: targetLabel(translator(ctx.locale), request, 'strict') });
  if (outcome.kind === 'closed' || outcome.kind === 'forbidden') return ctx.t(`snooze-${outcome.kind}`);
  const s = outcome.snooze;
  const form = formIn(ctx, actor, s.managerId);
  const tr = translator(ctx.locale);
  const vars = { target: targetLabel(tr, { ...s, name: targetName(ctx.deps, s) }, form), until: untilLabel(s.until, ctx.deps.config.TIMEZONE), reason: reasonLabel(tr, s, form) };
  if (outcome.kind === 'active') return ctx.t('snooze-done', { ...vars, scope: s.scope });
  return ctx.t('snooze-pending', { ...vars, max: outcome.maxDays, told: outcome.told > 0 ? 'yes' : 'no' });
}
