import { Composer } from 'grammy';
import type { BotContext } from '../context';
import { isCommandForUs } from '../middleware';
import { callerOf } from '../roles';
import { describeSchedule } from '../schedule-text';
import { translator } from '../../i18n';
import { reportSchedule } from '../../settings/store';

/** /help: what the bot does and the commands this reader may use (/start is in link.ts: it also redeems links). */
export const welcome = new Composer<BotContext>();

welcome.command('help', async (ctx) => {
  const { config, handle } = ctx.deps;
  const caller = callerOf(ctx);
  const schedule = describeSchedule(reportSchedule(handle.db, config.ACCOUNT_ID, config.REPORT_SCHEDULE), config.TIMEZONE, translator(ctx.locale));
  const parts = [ctx.t('bot-help', { schedule })];
  if (caller.admin || caller.person?.isSupervisor) parts.push(ctx.t('bot-help-supervisor'));
  if (caller.admin) parts.push(ctx.t('bot-help-admin'));
  await ctx.reply(parts.join('\n\n'), { parse_mode: 'HTML' });
});

/** A command nobody handles: in a private chat, point to /help; in groups stay quiet (other bots' commands). */
export const unknownCommand = new Composer<BotContext>();

unknownCommand.on('message:entities:bot_command', async (ctx) => {
  if (ctx.chat.type === 'private' && isCommandForUs(ctx)) await ctx.reply(ctx.t('unknown-command'));
});
