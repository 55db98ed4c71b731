import { PUBLIC_CALENDAR, type WorkCalendar } from '../calendar/work-calendar';
import type { EpochMs } from '../crm/model';
import type { Locale } from '../i18n';
import type { WorkingHours } from '../norms/schema';
import type { Person } from '../people/directory';
import type { PrivacyMode, TextForm } from '../privacy/policy';
import { nextWorkingInstant } from '../rules/durations';
import { afterQuietHours, type QuietHours } from '../settings/quiet-hours';

/** Where and when one copy of a ping goes. */
export interface Destination {
  chatId: string;
  locale: Locale;
  /** Not before this instant: the start of working hours, or the end of quiet hours. */
  notBefore: EpochMs;
  /** How the chat may show deal names and task texts: as typed in the manager's or their supervisor's own chat, else the privacy mode. */
  form: TextForm;
}

export interface PingRoute {
  /** The manager's own copy, when the manager is linked and reachable. */
  manager: Destination | null;
  /** The supervisor's copy: their private chat, else the supervisors' chat, else the report chat. */
  supervisor: Destination | null;
  /** The manager cannot be told directly (not linked, or blocked the bot): the supervisor's copy says so. */
  managerUnreachable: boolean;
}

export interface RoutingPolicy {
  hours: WorkingHours;
  /** Which days those hours work (holidays, transfers, the account's own days); absent: the production calendar without the account's own days. */
  calendar?: WorkCalendar;
  quiet: QuietHours | null;
  /** Supervisors' copies wait for working hours too (`working`), or only for quiet hours (`always`). */
  supervisorPings: 'working' | 'always';
  /** The group chat for supervisors' copies when a supervisor is not linked. */
  supervisorsChat: { chatId: string; locale: Locale } | null;
  /** What that group chat may show of deal names and task texts. */
  privacy: PrivacyMode;
}

/** A linked person's private chat (in Telegram a private chat's id is the user's id), unless they blocked the bot. */
function privateChat(person: Person | undefined): { chatId: string; locale: Locale } | null {
  const link = person?.link;
  if (!link || link.unreachableSince !== null) return null;
  return { chatId: link.telegramUserId, locale: link.locale };
}

/** Routes a ping about a manager's task, by who is linked and by the clock. */
export function routePing(managerId: string | null, people: ReadonlyMap<string, Person>, policy: RoutingPolicy, at: EpochMs): PingRoute {
  const manager = managerId ? people.get(managerId) : undefined;
  const supervisor = manager?.supervisorId ? people.get(manager.supervisorId) : undefined;
  const working = afterQuietHours(nextWorkingInstant(at, policy.hours, policy.calendar ?? PUBLIC_CALENDAR), policy.quiet, policy.hours.timezone);
  const managerChat = privateChat(manager);
  const supervisorPrivate = privateChat(supervisor);
  const supervisorChat = supervisorPrivate ? { ...supervisorPrivate, form: 'as-typed' as const } : policy.supervisorsChat ? { ...policy.supervisorsChat, form: policy.privacy } : null;
  // In their own chat a supervisor's choice (/pings) wins; the supervisors' group follows the account's setting.
  const hours = (supervisorPrivate ? supervisor?.supervisorPings : null) ?? policy.supervisorPings;
  const supervisorTime = hours === 'working' ? working : afterQuietHours(at, policy.quiet, policy.hours.timezone);
  return {
    manager: managerChat ? { ...managerChat, notBefore: working, form: 'as-typed' } : null,
    supervisor: supervisorChat ? { ...supervisorChat, notBefore: supervisorTime } : null,
    managerUnreachable: managerChat === null,
  };
}

/** Where escalations and notices for a manager's supervisor go (same rules as the supervisor's copy). */
export function supervisorDestination(managerId: string | null, people: ReadonlyMap<string, Person>, policy: RoutingPolicy, at: EpochMs): Destination | null {
  return routePing(managerId, people, policy, at).supervisor;
}
