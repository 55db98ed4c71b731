import { Composer } from 'grammy';
import { readSnapshotRows } from '../../db/snapshot-rows';
import { readAccount } from '../../jobs';
import { findPerson, listPeople } from '../../people/directory';
import { evaluateRules } from '../../rules';
import type { Finding } from '../../rules/types';
import { lastSuccessfulSync } from '../../sync/run-sync';
import type { BotContext } from '../context';
import { findingsMessages } from '../findings-list';
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
  if (!requireData(ctx)) return ctx.reply(ctx.t('report-no-snapshot'));
  const found = findPerson(listPeople(ctx.deps.handle.db, ctx.deps.config.ACCOUNT_ID), query);
  if ('person' in found) {
    const { person } = found;
    return replyWithFindings(ctx, ctx.t('findings-title-manager', { name: person.name }), (f) => f.managerId === person.crmUserId);
  }
  const q = query.toLocaleLowerCase('ru');
  const stages = readSnapshotRows(ctx.deps.handle.sqlite, 'stages', ctx.deps.config.ACCOUNT_ID).filter(
    (s) => s.kind === 'open' && s.name.toLocaleLowerCase('ru').includes(q),
  );
  if (stages.length === 0) return ctx.reply(ctx.t('findings-nothing-matches', { query }));
  const ids = new Set(stages.map((s) => s.id));
  const names = [...new Set(stages.map((s) => s.name))].join(', ');
  await replyWithFindings(ctx, ctx.t('findings-title-stage', { stage: names }), (f) => f.stageId !== null && ids.has(f.stageId));
});

function requireData(ctx: BotContext): boolean {
  return lastSuccessfulSync(ctx.deps.handle, ctx.deps.config.ACCOUNT_ID) !== undefined;
}

async function replyWithFindings(ctx: BotContext, title: string, keep: (f: Finding) => boolean): Promise<void> {
  if (!requireData(ctx)) {
    await ctx.reply(ctx.t('report-no-snapshot'));
    return;
  }
  const { config, clock, dealUrl } = ctx.deps;
  const at = clock.now().getTime();
  const { snapshot, norms } = readAccount(ctx.deps, at);
  const open = evaluateRules(snapshot, norms, { from: at, at }).filter(keep);
  for (const html of findingsMessages(title, open, snapshot, { locale: ctx.locale, timezone: config.TIMEZONE, dealUrl })) {
    await ctx.reply(html, { parse_mode: 'HTML', link_preview_options: { is_disabled: true } });
  }
}
