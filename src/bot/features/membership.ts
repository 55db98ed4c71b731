import { Composer } from 'grammy';
import { isBoundChat, unbindChat } from '../../settings/bound-chats';
import type { BotContext } from '../context';

/**
 * The bot added to a group says how an admin binds it (and nothing else);
 * removed from a bound group, it unbinds it, so nothing is queued for a chat
 * it can no longer write to.
 */
export const membership = new Composer<BotContext>();

membership.chatType(['group', 'supergroup']).on('my_chat_member', async (ctx) => {
  const { handle, config, clock } = ctx.deps;
  const chatId = String(ctx.chat.id);
  const status = ctx.myChatMember.new_chat_member.status;
  if (status === 'left' || status === 'kicked') {
    const roles = unbindChat(handle.db, config.ACCOUNT_ID, chatId, String(ctx.from.id), clock.now().getTime());
    if (roles.length > 0) ctx.log.warn({ roles }, 'the bot was removed from a bound chat; it is unbound');
    return;
  }
  const wasIn = ['member', 'administrator', 'creator'].includes(ctx.myChatMember.old_chat_member.status);
  if (!wasIn && !isBoundChat(handle.db, config.ACCOUNT_ID, chatId)) await ctx.reply(ctx.t('unbound-group'));
});
