import { Composer } from 'grammy';
import { isPrivacyMode, type PrivacyMode } from '../../privacy/policy';
import { changeSettings, loadSettings } from '../../settings/store';
import type { BotContext } from '../context';
import { requireAdmin } from '../roles';

/**
 * /privacy: what group chats may show of the CRM's free text — `strict`
 * (deal numbers only) or `masked` (names and texts with contacts and
 * people's names masked). Admins only; the change is audited.
 */
export const privacy = new Composer<BotContext>();

privacy.command('privacy', async (ctx) => {
  if (!(await requireAdmin(ctx))) return;
  const { config, handle, clock } = ctx.deps;
  const argument = ctx.match.trim().toLowerCase();
  if (argument === '') return ctx.reply(describeMode(ctx, loadSettings(handle.db, config.ACCOUNT_ID).privacy), { parse_mode: 'HTML' });
  if (!isPrivacyMode(argument)) return ctx.reply(ctx.t('privacy-bad', { value: ctx.match.trim() }));
  changeSettings(handle.db, config.ACCOUNT_ID, { privacy: argument }, String(ctx.from?.id), clock.now().getTime());
  await ctx.reply(describeMode(ctx, argument), { parse_mode: 'HTML' });
});

function describeMode(ctx: BotContext, mode: PrivacyMode): string {
  return [ctx.t(`privacy-${mode}`), '', ctx.t('privacy-private-chats'), ctx.t('privacy-how-to-change')].join('\n');
}
