import { Composer } from 'grammy';
import { isBoundChat } from '../../settings/bound-chats';
import type { BotContext } from '../context';
import { isCommandForUs } from '../middleware';

/**
 * In a group nobody bound, the bot only explains how an admin binds it: no
 * reports, no deals, no customer data reach a chat that is not ours.
 * /bind itself passes through.
 */
export const unboundGroupGuard = new Composer<BotContext>();

unboundGroupGuard.chatType(['group', 'supergroup']).use(async (ctx, next) => {
  const { handle, config } = ctx.deps;
  if (isBoundChat(handle.db, config.ACCOUNT_ID, String(ctx.chat.id))) return next();
  if (!isCommandForUs(ctx)) return;
  if (ctx.hasCommand('bind')) return next();
  await ctx.reply(ctx.t('unbound-group'));
});
