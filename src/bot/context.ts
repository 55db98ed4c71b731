import type { Context } from 'grammy';
import type { ConversationFlavor } from '@grammyjs/conversations';
import type { OutboxWorker } from '../delivery/worker';
import type { Locale, MessageVars } from '../i18n';
import type { PingContext } from '../jobs/context';
import type { SyncOutcome } from '../jobs/sync-and-evaluate';
import type { Logger } from '../logger';
import type { SyncProgress } from '../sync/progress';

/** What handlers need, passed in once when the bot is created: no globals. */
export interface BotDeps extends PingContext {
  outbox: OutboxWorker;
  /** Syncs now (or joins the sync in progress), then runs the overdue check; `onProgress` is told how far the sync has got. */
  syncNow(onProgress?: (progress: SyncProgress) => void): Promise<SyncOutcome>;
  /** A CRM user was just linked to Telegram. */
  memberLinked(): void;
  /** Applies a report schedule changed with /schedule to the running scheduler. */
  rescheduleReport(cron: string): void;
}

/** Our additions to every update's context. */
export interface BotFlavor {
  deps: BotDeps;
  locale: Locale;
  t(id: string, vars?: MessageVars): string;
  log: Logger;
}

/** grammY's context plus our dependencies, the reader's locale and a per-update logger. */
export type BotContext = ConversationFlavor<Context & BotFlavor>;
/** The context inside a conversation (/setnorm): the same additions, installed again by the conversation's plugins. */
export type ConversationContext = Context & BotFlavor;
