import type { Person } from '../../src/people/directory';
import type { TelegramLink } from '../../src/people/links';

/** A CRM user as routing sees them: active, in a group, unlinked, unless `fields` say otherwise. */
export const person = (id: string, fields: Partial<Person> = {}): Person => ({
  crmUserId: id,
  name: id,
  active: true,
  groupName: 'Отдел',
  supervisorId: null,
  isSupervisor: false,
  link: undefined,
  supervisorPings: null,
  ...fields,
});

/** A Telegram link to the private chat `telegramUserId`; `unreachableSince` when the user blocked the bot. */
export const link = (telegramUserId: string, unreachableSince: number | null = null): TelegramLink => ({
  accountId: 'main',
  crmUserId: 'x',
  telegramUserId,
  telegramName: 'x',
  locale: 'ru',
  linkedAt: 0,
  unreachableSince,
});
