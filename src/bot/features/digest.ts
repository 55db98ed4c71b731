import { Composer } from 'grammy';
import { parseDigestArgs } from '../../control/args';
import { boundChat } from '../../settings/bound-chats';
import { changeDailyControl, loadDailyControl, type DailyControlChange } from '../../settings/daily-control';
import { escapeHtml } from '../../telegram-html';
import type { BotContext } from '../context';
import { requireAdmin } from '../roles';

/**
 * /digest: the daily control — the morning digest to each linked manager
 * and the evening check in the report chat. Admins only, to see and to
 * change: it is the department's routine, not a personal preference.
 * Changes are audited; the minute tick reads them, so nothing is rescheduled.
 */
export const digest = new Composer<BotContext>();

digest.command('digest', async (ctx) => {
  if (!(await requireAdmin(ctx))) return;
  const { config, handle, clock } = ctx.deps;
  const command = parseDigestArgs(ctx.match);
  if (command.kind === 'show') return ctx.reply(describe(ctx), { parse_mode: 'HTML' });
  if (command.kind === 'bad') return ctx.reply(ctx.t('digest-bad', { value: command.value }));
  if (command.kind === 'morning-at') return ctx.reply(ctx.t('digest-morning-at'));
  if (command.kind === 'bad-time') return ctx.reply(ctx.t('digest-bad-time', { value: command.value }));
  const change: DailyControlChange = command.kind === 'evening-at' ? { eveningAt: command.time } : { [command.which]: command.on };
  const changed = changeDailyControl(handle.db, config.ACCOUNT_ID, change, String(ctx.from?.id), clock.now().getTime());
  await ctx.reply(`${ctx.t(changed ? 'digest-changed' : 'digest-unchanged')}\n\n${describe(ctx)}`, { parse_mode: 'HTML' });
});

function describe(ctx: BotContext): string {
  const { config, handle } = ctx.deps;
  const settings = loadDailyControl(handle.db, config.ACCOUNT_ID);
  const chat = boundChat(handle.db, config.ACCOUNT_ID, 'report');
  return ctx.t('digest-settings', {
    morning: settings.morning ? 'on' : 'off',
    evening: settings.evening ? 'on' : 'off',
    at: settings.eveningAt,
    chat: chat ? escapeHtml(chat.title) : 'none',
  });
}
