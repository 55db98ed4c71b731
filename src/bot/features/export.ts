import { Composer, InputFile } from 'grammy';
import { exportFor } from '../../jobs/export';
import type { BotContext } from '../context';
import { callerOf } from '../roles';

/**
 * /export: the open findings and the week's KPIs as an XLSX, for an admin
 * (the whole account) or a supervisor (their team). Only in a private chat:
 * the file holds deal names, which a group chat never gets.
 */
export const exports = new Composer<BotContext>();

exports.command('export', async (ctx) => {
  const caller = callerOf(ctx);
  if (!caller.admin && !caller.person?.isSupervisor) return ctx.reply(ctx.t('supervisors-only'));
  if (ctx.chat.type !== 'private') return ctx.reply(ctx.t('export-private-only'));
  // Someone no longer active in the CRM reads deal names as anyone else would.
  const person = caller.person?.active ? caller.person : undefined;
  const at = ctx.deps.clock.now().getTime();
  await ctx.replyWithChatAction('upload_document');
  const file = await exportFor(ctx.deps, at, { kind: 'member', crmUserId: person?.crmUserId ?? null, admin: caller.admin }, ctx.locale);
  if (!file) return ctx.reply(ctx.t('report-no-snapshot'));
  await ctx.replyWithDocument(new InputFile(file.bytes, file.fileName), { caption: ctx.t('export-caption', { findings: file.findings, managers: file.managers, team: caller.admin ? 'all' : 'team' }) });
});
