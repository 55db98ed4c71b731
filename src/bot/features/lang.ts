import { Composer } from 'grammy';
import { LOCALES, translator, type Locale } from '../../i18n';
import { setPreference } from '../../people/preferences';
import type { BotContext } from '../context';

/** /lang ru|en: the language the bot speaks to this user in private (and in their pings). */
export const lang = new Composer<BotContext>();

lang.command('lang', async (ctx) => {
  const choice = ctx.match.trim().toLowerCase();
  if (ctx.chat.type !== 'private' || !ctx.from) return ctx.reply(ctx.t('lang-private-only'));
  if (!LOCALES.includes(choice as Locale)) return ctx.reply(ctx.t('lang-usage', { current: ctx.locale }));
  const { config, handle, clock } = ctx.deps;
  setPreference(handle.db, config.ACCOUNT_ID, ctx.from.id, { locale: choice as Locale }, clock.now().getTime());
  await ctx.reply(translator(choice as Locale).t('lang-set'));
});
