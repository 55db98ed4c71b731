import type { Api } from 'grammy';
import type { BotCommand, BotCommandScope } from 'grammy/types';
import { LOCALES, translator, type Locale } from '../i18n';

/** What a manager or supervisor sees in a private chat. */
const PRIVATE = ['start', 'help', 'me', 'snoozed', 'snooze', 'report', 'shifts', 'lang', 'pings', 'unlink'];
const IN_GROUPS = ['help', 'report', 'snoozed', 'bind'];
/** A chat-scoped menu hides the default one, so an admin's lists every command. */
export const ADMIN_COMMANDS = [
  'start', 'help', 'me', 'snoozed', 'snooze', 'report', 'lang', 'pings', 'bind', 'managers', 'link', 'unlink', 'norms', 'setnorm',
  'hours', 'schedule', 'digest', 'holidays', 'shifts', 'shift', 'away', 'privacy', 'sync', 'status', 'findings', 'export', 'supervisors', 'admins',
];

/**
 * Registers the command menus: private chats, group chats, and each
 * configured admin's private chat; Russian by default, English for users
 * whose Telegram is in English.
 */
export async function registerCommands(api: Api, adminIds: readonly string[]): Promise<void> {
  const menus: [BotCommandScope, string[]][] = [
    [{ type: 'all_private_chats' }, PRIVATE],
    [{ type: 'all_group_chats' }, IN_GROUPS],
    ...adminIds.map((id): [BotCommandScope, string[]] => [{ type: 'chat', chat_id: Number(id) }, ADMIN_COMMANDS]),
  ];
  for (const [scope, names] of menus) {
    for (const locale of LOCALES) {
      // The default locale's menu is the one without a language code: everyone else sees it.
      const languageCode = locale === 'ru' ? undefined : locale;
      await api.setMyCommands(describe(names, locale), { scope, ...(languageCode ? { language_code: languageCode } : {}) });
    }
  }
}

function describe(names: string[], locale: Locale): BotCommand[] {
  const tr = translator(locale);
  return names.map((command) => ({ command, description: tr.t(`cmd-${command}`) }));
}
