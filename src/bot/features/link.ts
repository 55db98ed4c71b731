import { Composer, InlineKeyboard } from 'grammy';
import { createFormatter } from '../../format';
import { translator } from '../../i18n';
import { findPerson, listPeople, type Person } from '../../people/directory';
import { createLinkCode, markReachable, redeemLinkCode, unlink } from '../../people/links';
import { escapeHtml } from '../../telegram-html';
import { memberSummary } from '../../jobs/member-findings';
import type { BotContext } from '../context';
import { linkSummaryMessage } from '../link-summary';
import { callerOf, requireAdmin } from '../roles';

/**
 * Linking CRM users to Telegram: an admin hands a manager a one-time deep
 * link (/link, or the buttons under /managers); the manager opens it and is
 * linked; /unlink undoes it.
 */
export const link = new Composer<BotContext>();

const INVITE = /^invite:(.+)$/;

link.command('start', async (ctx) => {
  const { config, handle, clock } = ctx.deps;
  const code = ctx.match.trim();
  if (ctx.chat.type !== 'private' || !ctx.from) return ctx.reply(ctx.t('bot-welcome'));
  // Writing to the bot again undoes a block: pings go to the user directly again.
  markReachable(handle.db, config.ACCOUNT_ID, ctx.from.id);
  if (code === '') {
    const me = callerOf(ctx).person;
    const lines = [ctx.t('bot-welcome')];
    if (me) lines.push('', ctx.t('link-you-are', { name: me.name }));
    return ctx.reply(lines.join('\n'));
  }
  const name = [ctx.from.first_name, ctx.from.last_name].filter(Boolean).join(' ') + (ctx.from.username ? ` (@${ctx.from.username})` : '');
  const result = redeemLinkCode(handle.db, config.ACCOUNT_ID, code, { userId: ctx.from.id, name, locale: ctx.locale }, clock.now().getTime());
  if (!result.ok) return ctx.reply(ctx.t(`link-code-${result.reason}`));
  const person = listPeople(handle.db, config.ACCOUNT_ID).find((p) => p.crmUserId === result.crmUserId);
  ctx.log.info({ crmUser: result.crmUserId }, 'user linked');
  ctx.deps.memberLinked();
  await ctx.reply(ctx.t(person?.isSupervisor ? 'link-done-supervisor' : 'link-done-manager', { name: person?.name ?? result.crmUserId }));
  // A manager learns at once what is open for them, instead of waiting for the first ping.
  const summary = person && !person.isSupervisor ? memberSummary(ctx.deps, person.crmUserId) : null;
  if (summary) {
    const { html, keyboard } = linkSummaryMessage(summary, ctx.locale);
    await ctx.reply(html, { parse_mode: 'HTML', link_preview_options: { is_disabled: true }, reply_markup: keyboard });
  }
});

link.command('managers', async (ctx) => {
  if (!(await requireAdmin(ctx))) return;
  const people = listPeople(ctx.deps.handle.db, ctx.deps.config.ACCOUNT_ID).filter((p) => p.active);
  if (people.length === 0) return ctx.reply(ctx.t('managers-empty'));
  const lines = people.map((p) => describePerson(ctx, p));
  const keyboard = new InlineKeyboard();
  // Buttons only in a private chat: a deep link must not be posted where others can open it first.
  if (ctx.chat.type === 'private') for (const p of people.filter((p) => !p.link)) keyboard.text(ctx.t('managers-invite-button', { name: p.name }), `invite:${p.crmUserId}`).row();
  await ctx.reply([ctx.t('managers-title', { count: people.length, linked: people.filter((p) => p.link).length }), ...lines, '', ctx.t('managers-hint')].join('\n'), {
    parse_mode: 'HTML',
    reply_markup: keyboard.inline_keyboard.length > 0 ? keyboard : undefined,
  });
});

link.command('link', async (ctx) => {
  if (!(await requireAdmin(ctx))) return;
  if (ctx.chat.type !== 'private') return ctx.reply(ctx.t('link-private-only'));
  const person = await resolvePerson(ctx, ctx.match, 'link');
  if (person) await sendInvite(ctx, person);
});

link.callbackQuery(INVITE, async (ctx) => {
  const { handle, config } = ctx.deps;
  if (!(await requireAdmin(ctx))) return ctx.answerCallbackQuery();
  const crmUserId = INVITE.exec(ctx.callbackQuery.data)?.[1];
  const person = listPeople(handle.db, config.ACCOUNT_ID).find((p) => p.crmUserId === crmUserId);
  await ctx.answerCallbackQuery();
  if (!person) return ctx.reply(ctx.t('person-not-found', { query: crmUserId ?? '' }));
  await sendInvite(ctx, person);
});

link.command('unlink', async (ctx) => {
  const { handle, config, clock } = ctx.deps;
  const caller = callerOf(ctx);
  const actor = String(ctx.from?.id);
  if (ctx.match.trim() === '') {
    // Without a name, a linked user unlinks themselves.
    if (!caller.person) return ctx.reply(ctx.t('unlink-usage'));
    unlink(handle.db, config.ACCOUNT_ID, caller.person.crmUserId, actor, clock.now().getTime());
    return ctx.reply(ctx.t('unlink-self-done'));
  }
  if (!(await requireAdmin(ctx))) return;
  const person = await resolvePerson(ctx, ctx.match, 'unlink');
  if (!person) return;
  const removed = unlink(handle.db, config.ACCOUNT_ID, person.crmUserId, actor, clock.now().getTime());
  await ctx.reply(ctx.t(removed ? 'unlink-done' : 'unlink-not-linked', { name: person.name }));
});

async function sendInvite(ctx: BotContext, person: Person): Promise<void> {
  const { handle, config, clock } = ctx.deps;
  const { code, expiresAt } = createLinkCode(handle.db, { accountId: config.ACCOUNT_ID, crmUserId: person.crmUserId, actor: String(ctx.from?.id) }, clock.now().getTime());
  const fmt = createFormatter(translator(ctx.locale), config.TIMEZONE);
  const url = `https://t.me/${ctx.me.username}?start=${code}`;
  await ctx.reply(ctx.t('link-invite', { name: escapeHtml(person.name), url, expires: fmt.dateTime(expiresAt) }), { parse_mode: 'HTML', link_preview_options: { is_disabled: true } });
}

/** The person an admin named, or null after telling them what was wrong (nothing typed, nobody or several found). */
export async function resolvePerson(ctx: BotContext, query: string, command: string): Promise<Person | null> {
  if (query.trim() === '') {
    await ctx.reply(ctx.t('person-missing', { command }));
    return null;
  }
  const found = findPerson(listPeople(ctx.deps.handle.db, ctx.deps.config.ACCOUNT_ID), query);
  if ('person' in found) return found.person;
  if (found.candidates.length === 0) await ctx.reply(ctx.t('person-not-found', { query: query.trim() }));
  else await ctx.reply(ctx.t('person-ambiguous', { query: query.trim(), names: found.candidates.map((p) => p.name).join(', ') }));
  return null;
}

function describePerson(ctx: BotContext, p: Person): string {
  const role = p.isSupervisor ? ctx.t('managers-role-supervisor') : '';
  const group = p.groupName ? ` · ${escapeHtml(p.groupName)}` : '';
  const status = !p.link
    ? ctx.t('managers-not-linked')
    : p.link.unreachableSince !== null
      ? ctx.t('managers-blocked', { telegram: escapeHtml(p.link.telegramName) })
      : ctx.t('managers-linked', { telegram: escapeHtml(p.link.telegramName) });
  return `${p.link ? '✅' : '▫️'} <b>${escapeHtml(p.name)}</b>${role}${group} — ${status}`;
}
