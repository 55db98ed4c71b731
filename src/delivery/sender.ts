import type { InlineButtons } from '../telegram-html';

/** One message as the outbox hands it to a sender. */
export type OutgoingMessage =
  | { kind: 'text'; chatId: string; html: string; buttons: InlineButtons }
  | { kind: 'album'; chatId: string; photos: { name: string; bytes: Buffer; caption: string }[] }
  | { kind: 'edit'; chatId: string; messageId: number; html: string; buttons: InlineButtons };

/** What became of a delivery attempt; the outbox decides what to do next. */
export type DeliveryOutcome =
  | { status: 'sent'; messageIds: number[] }
  /** Worth another try: Telegram asked to wait, or the network or Telegram failed. */
  | { status: 'retry'; reason: string; retryAfterMs?: number }
  /** Will never succeed as it is (bad request); `recipientGone` when the user blocked the bot or left. */
  | { status: 'failed'; reason: string; recipientGone?: boolean };

/** Delivers outbox messages somewhere: Telegram, or files when there is no token. */
export interface Sender {
  deliver(message: OutgoingMessage): Promise<DeliveryOutcome>;
}
