import { GrammyError, HttpError, InputFile, InputMediaBuilder, type Api } from 'grammy';
import type { InlineKeyboardMarkup } from 'grammy/types';
import { TokenBucket } from '../token-bucket';
import type { InlineButtons } from '../telegram-html';
import type { DeliveryOutcome, OutgoingMessage, Sender } from './sender';

/**
 * Telegram's limit for one bot across all its chats: about 30 messages a
 * second (an album counts a message per photo). Paced under it, the outbox
 * waits before a send instead of being refused after it: a bot that keeps
 * meeting 429s is made to wait longer and longer.
 */
const BOT_LIMIT = { ratePerSecond: 30 };

/**
 * Delivers outbox messages through the Bot API, paced under Telegram's
 * limit for the bot. Telegram's answers become outcomes by error code: 429
 * and 5xx and network failures are retried (after `retry_after` when
 * Telegram says so), 403 means the recipient is gone, other 400s will not get
 * better by retrying.
 */
export function telegramSender(api: Api, pace: TokenBucket = TokenBucket.under(BOT_LIMIT)): Sender {
  return {
    async deliver(message) {
      const weight = message.kind === 'album' ? Math.max(1, message.photos.length) : 1;
      for (let i = 0; i < weight; i++) await pace.take();
      try {
        return { status: 'sent', messageIds: await send(api, message) };
      } catch (error) {
        return toOutcome(error);
      }
    },
  };
}

async function send(api: Api, message: OutgoingMessage): Promise<number[]> {
  const chat = message.chatId;
  switch (message.kind) {
    case 'text': {
      const sent = await api.sendMessage(chat, message.html, {
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
        reply_markup: keyboard(message.buttons),
      });
      return [sent.message_id];
    }
    case 'album': {
      const [only, ...rest] = message.photos;
      if (!only) return [];
      if (rest.length === 0) {
        const sent = await api.sendPhoto(chat, new InputFile(only.bytes, only.name), { caption: only.caption });
        return [sent.message_id];
      }
      const media = message.photos.map((p) => InputMediaBuilder.photo(new InputFile(p.bytes, p.name), { caption: p.caption }));
      return (await api.sendMediaGroup(chat, media)).map((m) => m.message_id);
    }
    case 'edit': {
      try {
        await api.editMessageText(chat, message.messageId, message.html, { parse_mode: 'HTML', reply_markup: keyboard(message.buttons) });
      } catch (error) {
        // An edit that changes nothing has, in effect, succeeded. Telegram has no code for it, only the text.
        if (!(error instanceof GrammyError && error.error_code === 400 && error.description.includes('message is not modified'))) throw error;
      }
      return [message.messageId];
    }
  }
}

function keyboard(buttons: InlineButtons): InlineKeyboardMarkup | undefined {
  return buttons.length > 0 ? { inline_keyboard: buttons.map((row) => row.map((b) => ('url' in b ? { text: b.text, url: b.url } : { text: b.text, callback_data: b.data }))) } : undefined;
}

function toOutcome(error: unknown): DeliveryOutcome {
  if (error instanceof HttpError) return { status: 'retry', reason: `network: ${error.message}` };
  if (!(error instanceof GrammyError)) throw error;
  const reason = `${error.error_code}: ${error.description}`;
  if (error.error_code === 429) return { status: 'retry', reason, retryAfterMs: (error.parameters.retry_after ?? 1) * 1000 };
  if (error.error_code >= 500) return { status: 'retry', reason };
  if (error.error_code === 403) return { status: 'failed', reason, recipientGone: true };
  return { status: 'failed', reason };
}
