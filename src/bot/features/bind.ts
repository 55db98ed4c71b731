import { Composer } from 'grammy';
import { bindChat, type ChatRole } from '../../settings/bound-chats';
import type { BotContext } from '../context';
import { isAdmin } from '../roles';
import { describeSchedule } from '../schedule-text';
import { translator } from '../../i18n';

/** /bind [supervisors]: an admin makes a group the report chat (or the supervisors' chat). */
export const bind = new Composer<BotContext>();

bind.command('bind', async (ctx) => {
  const { config, handle, clock } = ctx.deps;
  if (ctx.chat.type !== 'group' && ctx.chat.type !== 'supergroup') return ctx.reply(ctx.t('bind-only-in-groups'));
  if (!isAdmin(handle.db, config.ACCOUNT_ID, config.ADMIN_TELEGRAM_IDS, ctx.from?.id)) return ctx.reply(ctx.t('admin-only'));
  const role = parseRole(ctx.match);
  if (!role) return ctx.reply(ctx.t('bind-bad-argument', { argument: ctx.match.trim() }));
  const previous = bindChat(
    handle.db,
    { accountId: config.ACCOUNT_ID, chatId: String(ctx.chat.id), role, title: ctx.chat.title, actor: String(ctx.from?.id) },
    clock.now().getTime(),
  );
  ctx.log.info({ role, previous: previous?.chatId }, 'chat bound');
  const schedule = describeSchedule(config.REPORT_SCHEDULE, config.TIMEZONE, translator(ctx.locale));
  const lines = [ctx.t(role === 'report' ? 'bind-done-report' : 'bind-done-supervisors', { schedule })];
  if (previous && previous.chatId !== String(ctx.chat.id)) lines.push(ctx.t('bind-moved', { previous: previous.title }));
  await ctx.reply(lines.join('\n'));
});

function parseRole(argument: string): ChatRole | null {
  const word = argument.trim().toLowerCase();
  if (word === '' || word === 'report') return 'report';
  if (word === 'supervisors') return 'supervisors';
  return null;
}
