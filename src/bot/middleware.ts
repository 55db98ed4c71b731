import type { Context, MiddlewareFn } from 'grammy';
import { pickLocale, translator } from '../i18n';
import { preferencesOf } from '../people/preferences';
import type { BotDeps, BotFlavor } from './context';

/**
 * Puts dependencies, the locale and a logger on every update's context (also
 * inside conversations, whose contexts do not pass through the bot's middleware).
 * In a private chat the language the user chose with /lang decides, else
 * their Telegram's; in a group, the
 * account's report language, so everyone there reads the same.
 */
export function contextMiddleware<C extends Context & BotFlavor>(deps: BotDeps): MiddlewareFn<C> {
  return async (ctx, next) => {
    ctx.deps = deps;
    const chosen = ctx.from ? preferencesOf(deps.handle.db, deps.config.ACCOUNT_ID, ctx.from.id).locale : null;
    ctx.locale = ctx.chat?.type === 'private' ? (chosen ?? pickLocale(ctx.from?.language_code)) : deps.config.LOCALE;
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
