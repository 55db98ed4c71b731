import { FILES_CHAT } from '../delivery/file-sender';
import type { Norms } from '../norms/schema';
import { grantedAdmins } from '../people/admins';
import { listPeople, type Person } from '../people/directory';
import type { RoutingPolicy } from '../pings/route';
import { boundChat } from '../settings/bound-chats';
import { parseQuietHours } from '../settings/quiet-hours';
import { loadSettings } from '../settings/store';
import type { JobContext } from './context';
import { accountWorkTime } from './work-time';

/** Reads who is linked, the account's hours and people's own schedules: everything routing a message needs. */
export function loadRouting(ctx: JobContext, norms: Norms): { policy: RoutingPolicy; people: Map<string, Person> } {
  const { config, handle } = ctx;
  const accountId = config.ACCOUNT_ID;
  const settings = loadSettings(handle.db, accountId);
  const reportChat = boundChat(handle.db, accountId, 'report');
  const supervisorsChat = boundChat(handle.db, accountId, 'supervisors') ?? reportChat;
  const policy: RoutingPolicy = {
    hours: { ...norms.workingHours, timezone: norms.timezone },
    work: accountWorkTime(handle.db, accountId),
    quiet: settings.quietHours ? parseQuietHours(settings.quietHours) : null,
    supervisorPings: settings.supervisorPings,
    privacy: settings.privacy,
    supervisorsChat: supervisorsChat
      ? { chatId: supervisorsChat.chatId, locale: config.LOCALE }
      : // Without a bot, supervisors' messages go to the files the demo shows (src/delivery/file-sender.ts).
        !config.TELEGRAM_BOT_TOKEN
        ? { chatId: FILES_CHAT, locale: config.LOCALE }
        : null,
    // Ladder steps to `report_chat`; without a bot they go to the files too.
    reportChat: reportChat ? { chatId: reportChat.chatId, locale: config.LOCALE } : !config.TELEGRAM_BOT_TOKEN ? { chatId: FILES_CHAT, locale: config.LOCALE } : null,
  };
  const people = new Map(listPeople(handle.db, accountId).map((p) => [p.crmUserId, p]));
  return { policy, people };
}

/** The private chats of the bot's admins (configured and granted), or the files without a bot. */
export function adminChats(ctx: JobContext): string[] {
  const { config, handle } = ctx;
  if (!config.TELEGRAM_BOT_TOKEN) return [FILES_CHAT];
  return [...new Set([...config.ADMIN_TELEGRAM_IDS, ...grantedAdmins(handle.db, config.ACCOUNT_ID)])];
}
