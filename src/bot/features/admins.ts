import { and, eq } from 'drizzle-orm';
import { Composer } from 'grammy';
import { admins as adminsTable, auditLog } from '../../db/schema';
import type { BotContext } from '../context';
import { requireAdmin } from '../roles';

/** /admins: who may reconfigure the bot; `add ID` / `remove ID` grant and take back the role (not from ADMIN_TELEGRAM_IDS). */
export const admins = new Composer<BotContext>();

admins.command('admins', async (ctx) => {
  if (!(await requireAdmin(ctx))) return;
  const { config, handle, clock } = ctx.deps;
  const db = handle.db;
  const [action = '', id = '', ...extra] = ctx.match.trim().split(/\s+/).filter(Boolean);
  const granted = () => db.select().from(adminsTable).where(eq(adminsTable.accountId, config.ACCOUNT_ID)).all();
  if (action === '') {
    const list = [...config.ADMIN_TELEGRAM_IDS.map((a) => `• ${a} ${ctx.t('admins-configured')}`), ...granted().map((a) => `• ${a.telegramUserId}`)];
    return ctx.reply([ctx.t('admins-title'), ...list, '', ctx.t('admins-hint')].join('\n'));
  }
  if ((action !== 'add' && action !== 'remove') || !/^\d+$/.test(id) || extra.length > 0) return ctx.reply(ctx.t('admins-usage'));
  const at = clock.now().getTime();
  const actor = String(ctx.from?.id);
  if (action === 'add') {
    db.transaction((tx) => {
      tx.insert(adminsTable).values({ accountId: config.ACCOUNT_ID, telegramUserId: id, grantedBy: actor, grantedAt: at }).onConflictDoNothing().run();
      tx.insert(auditLog).values({ accountId: config.ACCOUNT_ID, actor, action: 'admins:add', before: null, after: { telegramUserId: id }, at }).run();
    });
    return ctx.reply(ctx.t('admins-added', { id }));
  }
  if (config.ADMIN_TELEGRAM_IDS.includes(id)) return ctx.reply(ctx.t('admins-configured-stays', { id }));
  const removed = db.transaction((tx) => {
    const gone = tx.delete(adminsTable).where(and(eq(adminsTable.accountId, config.ACCOUNT_ID), eq(adminsTable.telegramUserId, id))).run().changes;
    if (gone > 0) tx.insert(auditLog).values({ accountId: config.ACCOUNT_ID, actor, action: 'admins:remove', before: { telegramUserId: id }, after: null, at }).run();
    return gone > 0;
  });
  await ctx.reply(ctx.t(removed ? 'admins-removed' : 'admins-not-admin', { id }));
});
