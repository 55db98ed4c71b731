import { Composer } from 'grammy';
import { grantAdmin, grantedAdmins, revokeAdmin } from '../../people/admins';
import type { BotContext } from '../context';
import { requireAdmin } from '../roles';

/** /admins: who may reconfigure the bot; `add ID` / `remove ID` grant and take back the role (not from ADMIN_TELEGRAM_IDS). */
export const admins = new Composer<BotContext>();

admins.command('admins', async (ctx) => {
  if (!(await requireAdmin(ctx))) return;
  const { config, handle, clock } = ctx.deps;
  const [action = '', id = '', ...extra] = ctx.match.trim().split(/\s+/).filter(Boolean);
  if (action === '') {
    const list = [...config.ADMIN_TELEGRAM_IDS.map((a) => `• ${a} ${ctx.t('admins-configured')}`), ...grantedAdmins(handle.db, config.ACCOUNT_ID).map((a) => `• ${a}`)];
    return ctx.reply([ctx.t('admins-title'), ...list, '', ctx.t('admins-hint')].join('\n'));
  }
  if ((action !== 'add' && action !== 'remove') || !/^\d+$/.test(id) || extra.length > 0) return ctx.reply(ctx.t('admins-usage'));
  const at = clock.now().getTime();
  const actor = String(ctx.from?.id);
  if (action === 'add') {
    grantAdmin(handle.db, config.ACCOUNT_ID, id, actor, at);
    return ctx.reply(ctx.t('admins-added', { id }));
  }
  if (config.ADMIN_TELEGRAM_IDS.includes(id)) return ctx.reply(ctx.t('admins-configured-stays', { id }));
  const removed = revokeAdmin(handle.db, config.ACCOUNT_ID, id, actor, at);
  await ctx.reply(ctx.t(removed ? 'admins-removed' : 'admins-not-admin', { id }));
});
