import { conversations, createConversation } from '@grammyjs/conversations';
import { sequentialize } from '@grammyjs/runner';
import { Bot, BotError, GrammyError, HttpError } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import { installRetries } from './api';
import type { BotContext, BotDeps, ConversationContext } from './context';
import { SETNORM, setnormConversation } from './conversations/setnorm';
import { sqliteConversationStorage } from './conversations/storage';
import { admins } from './features/admins';
import { bind } from './features/bind';
import { digest } from './features/digest';
import { lang } from './features/lang';
import { link } from './features/link';
import { membership } from './features/membership';
import { exports } from './features/export';
import { findings } from './features/findings';
import { holidays } from './features/holidays';
import { schedules } from './features/schedules';
import { snoozeFeature } from './features/snooze';
import { norms } from './features/norms';
import { operations } from './features/operations';
import { pingHours } from './features/ping-hours';
import { privacy } from './features/privacy';
import { report } from './features/report';
import { settings } from './features/settings';
import { supervisors } from './features/supervisors';
import { unboundGroupGuard } from './features/unbound-group';
import { unknownCommand, welcome } from './features/welcome';
import { contextMiddleware } from './middleware';

/**
 * Builds the bot; nothing starts here. Features are installed in a fixed
 * order behind an error boundary: the unbound-group guard first, so nothing
 * reaches a chat nobody bound; conversations next, so an admin in the middle
 * of /setnorm gets their answers to it.
 */
export function createBot(token: string, deps: BotDeps, botInfo?: UserFromGetMe): Bot<BotContext> {
  const bot = new Bot<BotContext>(token, { client: { apiRoot: deps.config.TELEGRAM_API_ROOT }, ...(botInfo ? { botInfo } : {}) });
  installRetries(bot.api);
  // Updates of one chat are handled in order (a command and its follow-up); different chats in parallel.
  bot.use(sequentialize((ctx) => ctx.chat?.id.toString()));
  bot.use(contextMiddleware(deps));
  const features = bot.errorBoundary(replyWithError);
  // Joining and leaving groups first: the guard below drops everything else from unbound groups.
  features.use(membership, unboundGroupGuard);
  features.use(
    conversations<BotContext, ConversationContext>({
      storage: {
        type: 'key',
        version: 1,
        // One admin's conversation in a group does not capture everyone else's messages.
        getStorageKey: (ctx) => (ctx.chatId !== undefined && ctx.from ? `${ctx.chatId}:${ctx.from.id}` : undefined),
        adapter: sqliteConversationStorage(deps.handle.db, deps.clock),
      },
      plugins: [contextMiddleware<ConversationContext>(deps)],
    }),
  );
  features.use(createConversation<BotContext, ConversationContext>(setnormConversation, SETNORM));
  features.use(link, welcome, lang, pingHours, bind, report, findings, exports, snoozeFeature, norms, settings, digest, holidays, schedules, privacy, operations, admins, supervisors, unknownCommand);
  bot.catch((error) => deps.logger.error({ err: error.error }, 'update failed outside the error boundary'));
  return bot;
}

/** Logs the failure with its context and tells the user, in their language, that it did not work. */
async function replyWithError(error: BotError<BotContext>): Promise<void> {
  const { ctx } = error;
  const cause = error.error;
  const details = cause instanceof GrammyError ? { method: cause.method, code: cause.error_code } : cause instanceof HttpError ? { network: true } : {};
  ctx.log.error({ err: cause, ...details }, 'command failed');
  try {
    await ctx.reply(ctx.t('error-generic'));
  } catch (replyError) {
    ctx.log.warn({ err: replyError }, 'could not tell the user about the failure');
  }
}
