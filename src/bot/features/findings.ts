import { Composer, InlineKeyboard } from 'grammy';
import { hasSnapshot } from '../../jobs/account-snapshot';
import { openFindingsView, stagesMatching } from '../../jobs/member-findings';
import { snoozeData } from '../../snooze/callbacks';
import { findPerson, listPeople } from '../../people/directory';
import type { Finding } from '../../rules/types';
import type { BotContext } from '../context';
import { callerOf } from '../roles';

/**
 * /me: a linked manager's own open findings; /findings NAME|STAGE: an admin's
 * or a supervisor's look at one manager's or one stage's open findings.
 * Always answered in the chat the question came from (a private chat for /me).
 */
export const findings = new Composer<BotContext>();

findings.command('me', async (ctx) => {
  const person = callerOf(ctx).person;
  if (!person) return ctx.reply(ctx.t('me-not-linked'));
  await replyWithFindings(ctx, ctx.t('me-title', { name: person.name }), (f) => f.managerId === person.crmUserId);
});

findings.command('findings', async (ctx) => {
  const caller = callerOf(ctx);
  if (!caller.admin && !caller.person?.isSupervisor) return ctx.reply(ctx.t('supervisors-only'));
  const query = ctx.match.trim();
  if (query === '') return ctx.reply(ctx.t('findings-usage'));
  if (!hasSnapshot(ctx.deps)) return ctx.reply(ctx.t('report-no-snapshot'));
  const found = findPerson(listPeople(ctx.deps.handle.db, ctx.deps.config.ACCOUNT_ID), query);
  if ('person' in found) {
    const { person } = found;
    return replyWithFindings(ctx, ctx.t('findings-title-manager', { name: person.name }), (f) => f.managerId === person.crmUserId);
  }
  const stages = stagesMatching(ctx.deps, query);
  if (stages.ids.size === 0) return ctx.reply(ctx.t('findings-nothing-matches', { query }));
  await replyWithFindings(ctx, ctx.t('findings-title-stage', { stage: stages.names.join(', ') }), (f) => f.stageId !== null && stages.ids.has(f.stageId));
});

async function replyWithFindings(ctx: BotContext, title: string, keep: (f: Finding) => boolean): Promise<void> {
  // Someone no longer active in the CRM does not see its deals there any more: they read as anyone else.
  const person = callerOf(ctx).person;
  const reader = ctx.chat?.type === 'private' ? { chat: 'private' as const, crmUserId: person?.active ? person.crmUserId : null } : { chat: 'group' as const };
  const view = openFindingsView(ctx.deps, title, keep, { locale: ctx.locale, reader });
  if (!view) {
    await ctx.reply(ctx.t('report-no-snapshot'));
    return;
  }
  // «Отложить» under the last message: by number only, so the buttons are safe in any chat; who presses is checked then.
  const keyboard = new InlineKeyboard();
  view.targets.forEach((target, i) => {
    const data = snoozeData({ kind: 'start', ...target });
    if (!data) return;
    keyboard.text(ctx.t('findings-snooze-button', { scope: target.scope, id: target.targetId }), data);
    if (i % 2 === 1) keyboard.row();
  });
  const last = view.messages.length - 1;
  for (const [i, html] of view.messages.entries()) {
    const markup = i === last && view.targets.length > 0 ? { reply_markup: keyboard } : {};
    await ctx.reply(html, { parse_mode: 'HTML', link_preview_options: { is_disabled: true }, ...markup });
  }
}
