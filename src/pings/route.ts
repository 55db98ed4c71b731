import { addDays, localDateAt } from '../calendar/local-date';
import type { EpochMs } from '../crm/model';
import type { Locale } from '../i18n';
import type { Recipient } from '../norms/ladder';
import type { WorkingHours } from '../norms/schema';
import type { Person } from '../people/directory';
import type { PrivacyMode, TextForm } from '../privacy/policy';
import { nextWorkingInstant } from '../rules/durations';
import type { ManagerAway } from '../schedules/model';
import { absenceChainEnd, absenceWithin, PUBLIC_WORK_TIME, scheduleOf, type WorkTime } from '../schedules/work-time';
import { afterQuietHours, type QuietHours } from '../settings/quiet-hours';

/** Where and when one copy of a ping goes. */
export interface Destination {
  chatId: string;
  locale: Locale;
  /** Not before this instant: the start of the reader's working time, or the end of quiet hours. */
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
  /** The manager is away (an absence between now and their next working time): not told; the supervisor's copy says so. */
  managerAway: ManagerAway | null;
}

export interface RoutingPolicy {
  /** The account's working hours: group chats' and everyone's without a schedule of their own. */
  hours: WorkingHours;
  /**
   * Who works when: which days the hours work (holidays, transfers, the
   * account's own days) and people's own schedules and absences; absent:
   * the production calendar alone, nobody with a schedule of their own.
   */
  work?: WorkTime;
  quiet: QuietHours | null;
  /** Supervisors' copies wait for working hours too (`working`), or only for quiet hours (`always`). */
  supervisorPings: 'working' | 'always';
  /** The group chat for supervisors' copies when a supervisor is not linked, and for ladder steps to `supervisors_chat`. */
  supervisorsChat: { chatId: string; locale: Locale } | null;
  /** The report chat, for ladder steps to `report_chat`; absent or null when none is bound. */
  reportChat?: { chatId: string; locale: Locale } | null;
  /** What that group chat may show of deal names and task texts. */
  privacy: PrivacyMode;
}

/** A linked person's private chat (in Telegram a private chat's id is the user's id), unless they blocked the bot. */
function privateChat(person: Person | undefined): { chatId: string; locale: Locale } | null {
  const link = person?.link;
  // Someone no longer active in the CRM (a manager who left) is not told about its deals any more.
  if (!link || link.unreachableSince !== null || !person.active) return null;
  return { chatId: link.telegramUserId, locale: link.locale };
}

/**
 * When a copy may go out: `working` waits for the reader's working time
 * (their own schedule in their private chat, the account's hours in a group;
 * `reader` null) and quiet hours, `always` only for quiet hours. A reader
 * with a working pattern of their own is told within it, quiet hours or
 * not: a night shift is when they work, and the account's quiet hours would
 * hold their copy until their shift had ended.
 */
function sendTime(hours: 'working' | 'always', policy: RoutingPolicy, at: EpochMs, reader: string | null): EpochMs {
  const work = policy.work ?? PUBLIC_WORK_TIME;
  if (hours === 'always') return afterQuietHours(at, policy.quiet, policy.hours.timezone);
  const next = nextWorkingInstant(at, scheduleOf(work, policy.hours, reader));
  if (reader !== null && work.personal.get(reader)?.pattern) return next;
  return afterQuietHours(next, policy.quiet, policy.hours.timezone);
}

/**
 * Whether a person is away at `at`: not at work now, and an absence of
 * theirs falls on a date from today to the day before their next working
 * time; until the last day of that absence and any that follow it without
 * a working day between. Off shift is not away
 * (a «3/3» manager is told at their next shift); a vacation is (their
 * supervisor is told now, not in two weeks).
 */
export function awayAt(personId: string | null, policy: RoutingPolicy, at: EpochMs): ManagerAway | null {
  const work = policy.work ?? PUBLIC_WORK_TIME;
  if (personId === null || !work.personal.get(personId)?.absences.length) return null;
  const { timezone } = policy.hours;
  const today = localDateAt(at, timezone);
  const next = nextWorkingInstant(at, scheduleOf(work, policy.hours, personId));
  // On shift now (a night shift begun the evening before a day off included): not away.
  if (next === at) return null;
  // Up to the day before the next working time's date: that date holds a shift, so it is no absence.
  const absence = absenceWithin(work, personId, today, addDays(localDateAt(next, timezone), -1));
  // Sick leave followed by a vacation: back after the last of them, not the first.
  return absence ? { kind: absence.kind, until: absenceChainEnd(work, policy.hours, personId, absence) } : null;
}

/** Routes a ping about a manager's task, by who is linked and by the clock. */
export function routePing(managerId: string | null, people: ReadonlyMap<string, Person>, policy: RoutingPolicy, at: EpochMs): PingRoute {
  const manager = managerId ? people.get(managerId) : undefined;
  const supervisor = manager?.supervisorId ? people.get(manager.supervisorId) : undefined;
  const managerAway = awayAt(managerId, policy, at);
  const managerChat = managerAway ? null : privateChat(manager);
  // A supervisor away is told nothing privately: their copy goes to the supervisors' chat, as for one not linked.
  const supervisorPrivate = supervisor && !awayAt(supervisor.crmUserId, policy, at) ? privateChat(supervisor) : null;
  const supervisorChat = supervisorPrivate ? { ...supervisorPrivate, form: 'as-typed' as const } : policy.supervisorsChat ? { ...policy.supervisorsChat, form: policy.privacy } : null;
  // In their own chat a supervisor's choice (/pings) wins; the supervisors' group follows the account's setting.
  const hours = (supervisorPrivate ? supervisor?.supervisorPings : null) ?? policy.supervisorPings;
  return {
    manager: managerChat ? { ...managerChat, notBefore: sendTime('working', policy, at, managerId), form: 'as-typed' } : null,
    supervisor: supervisorChat ? { ...supervisorChat, notBefore: sendTime(hours, policy, at, supervisorPrivate ? (supervisor?.crmUserId ?? null) : null) } : null,
    managerUnreachable: managerChat === null && managerAway === null,
    managerAway,
  };
}

/**
 * Where one step of the escalation ladder goes, and whether the manager can
 * be told directly (a supervisor-side copy says so when not). `manager` and
 * `supervisor` go as a ping's two copies do; a step to a group chat goes to
 * that chat — `supervisors_chat` to the supervisors' chat as bound for
 * unlinked supervisors (else the report chat, or the files without a bot),
 * `report_chat` to the report chat — in the account's privacy mode and at
 * the hours the supervisors' group gets (the account's setting).
 */
export function routeStep(
  to: Recipient,
  managerId: string | null,
  people: ReadonlyMap<string, Person>,
  policy: RoutingPolicy,
  at: EpochMs,
): { destination: Destination | null; managerUnreachable: boolean; managerAway: ManagerAway | null } {
  const route = routePing(managerId, people, policy, at);
  const notices = { managerUnreachable: route.managerUnreachable, managerAway: route.managerAway };
  // While the manager is away, a step to them goes to their supervisor instead.
  if (to === 'manager') return { destination: route.managerAway ? route.supervisor : route.manager, ...notices };
  if (to === 'supervisor') return { destination: route.supervisor, ...notices };
  const chat = to === 'supervisors_chat' ? policy.supervisorsChat : (policy.reportChat ?? null);
  return { destination: chat ? { ...chat, notBefore: sendTime(policy.supervisorPings, policy, at, null), form: policy.privacy } : null, ...notices };
}

/** Where escalations and notices for a manager's supervisor go (same rules as the supervisor's copy). */
export function supervisorDestination(managerId: string | null, people: ReadonlyMap<string, Person>, policy: RoutingPolicy, at: EpochMs): Destination | null {
  return routePing(managerId, people, policy, at).supervisor;
}
