import { enqueueText } from '../delivery/outbox';
import { translator } from '../i18n';
import { loadNorms } from '../norms/store';
import { linkOfTelegramUser, markUnreachable } from '../people/links';
import { supervisorDestination } from '../pings/route';
import { escapeHtml } from '../telegram-html';
import type { EpochMs } from '../time';
import type { JobContext } from './context';
import { loadRouting } from './routing';

/**
 * Telegram answered 403 for a chat: the user blocked the bot (or the bot was
 * removed from a group). A linked user is marked unreachable, so their pings
 * go to the supervisor, and the supervisor is told once per link.
 */
export function handleRecipientGone(ctx: JobContext, chatId: string, at: EpochMs): void {
  const { config, handle, logger } = ctx;
  const accountId = config.ACCOUNT_ID;
  const link = linkOfTelegramUser(handle.db, accountId, chatId);
  if (!link) {
    logger.warn({ chat: chatId }, 'Telegram refused a chat (403): the bot was removed from it or blocked');
    return;
  }
  if (link.unreachableSince !== null) return;
  handle.sqlite.transaction(() => {
    markUnreachable(handle.db, accountId, chatId, at);
    const { policy, people } = loadRouting(ctx, loadNorms(handle.db, accountId, config.TIMEZONE));
    const destination = supervisorDestination(link.crmUserId, people, policy, at);
    const name = people.get(link.crmUserId)?.name ?? link.telegramName;
    logger.warn({ crmUser: link.crmUserId, supervisorTold: destination !== null }, 'a linked user blocked the bot; their pings go to the supervisor');
    if (!destination) return;
    enqueueText(
      handle.db,
      {
        accountId,
        dedupeKey: `unreachable:${link.crmUserId}:${link.linkedAt}`,
        chatId: destination.chatId,
        notBefore: destination.notBefore,
        locale: destination.locale,
        html: translator(destination.locale).t('ping-unreachable', { manager: escapeHtml(name) }),
      },
      at,
    );
  }).immediate();
}
