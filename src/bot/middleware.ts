import type { Context, MiddlewareFn } from 'grammy';
import { pickLocale, translator } from '../i18n';
import type { BotDeps, BotFlavor } from './context';

/**
 * Puts dependencies, the locale and a logger on every update's context (also
 * inside conversations, whose contexts do not pass through the bot's middleware).
 * In a private chat the user's Telegram language decides; in a group, the
 * account's report language, so everyone there reads the same.
 */
export function contextMiddleware<C extends Context & BotFlavor>(deps: BotDeps): MiddlewareFn<C> {
  return async (ctx, next) => {
    ctx.deps = deps;
    ctx.locale = ctx.chat?.type === 'private' ? pickLocale(ctx.from?.language_code) : deps.config.LOCALE;
    const tr = translator(ctx.locale);
    ctx.t = (id, vars) => tr.t(id, vars);
    ctx.log = deps.logger.child({ update: ctx.update.update_id, chat: ctx.chat?.id, user: ctx.from?.id });
    await next();
  };
}

/** Whether the update is a command addressed to this bot (not /cmd@otherbot). */
export function isCommandForUs(ctx: Context): boolean {
  const entity = ctx.msg?.entities?.[0];
  const text = ctx.msg?.text;
  if (!entity || !text || entity.type !== 'bot_command' || entity.offset !== 0) return false;
  const [, target] = text.slice(0, entity.length).split('@');
  return target === undefined || target.toLowerCase() === ctx.me.username.toLowerCase();
}
