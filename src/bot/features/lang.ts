import { Composer } from 'grammy';
import { LOCALES, translator, type Locale } from '../../i18n';
import { preferencesOf, setPreference } from '../../people/preferences';
import { loadSettings } from '../../settings/store';
import { callerOf } from '../roles';
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

/** /pings always|working: a supervisor's own choice of when their copies of pings arrive. */
lang.command('pings', async (ctx) => {
  const { config, handle, clock } = ctx.deps;
  const caller = callerOf(ctx);
  if (!caller.person?.isSupervisor || !ctx.from) return ctx.reply(ctx.t('pings-supervisors-only'));
  const choice = ctx.match.trim().toLowerCase();
  if (choice !== 'always' && choice !== 'working') {
    const current = preferencesOf(handle.db, config.ACCOUNT_ID, ctx.from.id).supervisorPings ?? loadSettings(handle.db, config.ACCOUNT_ID).supervisorPings;
    return ctx.reply(ctx.t('pings-usage', { current }));
  }
  setPreference(handle.db, config.ACCOUNT_ID, ctx.from.id, { supervisorPings: choice }, clock.now().getTime());
  await ctx.reply(ctx.t('pings-set', { current: choice }));
});
