import { Composer } from 'grammy';
import { preferencesOf, setPreference } from '../../people/preferences';
import { loadSettings } from '../../settings/store';
import type { BotContext } from '../context';
import { callerOf } from '../roles';

/** /pings always|working: a supervisor's own choice of when their copies of pings arrive. */
export const pingHours = new Composer<BotContext>();

pingHours.command('pings', async (ctx) => {
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
