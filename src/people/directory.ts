import { and, eq } from 'drizzle-orm';
import type { EpochMs } from '../crm/model';
import type { Db } from '../db/client';
import { groupSupervisors, userGroups, userPreferences, users } from '../db/schema';
import { allLinks, type TelegramLink } from './links';
import { recordAudit } from '../db/audit';

/** A CRM user as the bot knows them: group, supervisor and Telegram link. */
export interface Person {
  crmUserId: string;
  name: string;
  active: boolean;
  groupName: string | null;
  /** The lead of the user's group, unless that is the user. */
  supervisorId: string | null;
  /** Leads at least one group. */
  isSupervisor: boolean;
  link: TelegramLink | undefined;
  /** A supervisor's own choice of ping hours (/pings); null = the account's. */
  supervisorPings: 'working' | 'always' | null;
}

/** Everyone in the CRM snapshot, by name, with their links. */
export function listPeople(db: Db, accountId: string): Person[] {
  const groups = new Map(listGroups(db, accountId).map((g) => [g.id, g]));
  const links = new Map(allLinks(db, accountId).map((l) => [l.crmUserId, l]));
  const choices = new Map(db.select().from(userPreferences).where(eq(userPreferences.accountId, accountId)).all().map((p) => [p.telegramUserId, p.supervisorPings]));
  const leads = new Set([...groups.values()].map((g) => g.supervisorId).filter((id) => id !== null));
  return db
    .select()
    .from(users)
    .where(eq(users.accountId, accountId))
    .all()
    .map((u) => {
      const group = u.groupId ? groups.get(u.groupId) : undefined;
      const lead = group?.supervisorId ?? null;
      return {
        crmUserId: u.id,
        name: u.name,
        active: u.active,
        groupName: group?.name ?? null,
        supervisorId: lead === u.id ? null : lead,
        isSupervisor: leads.has(u.id),
        link: links.get(u.id),
        supervisorPings: choices.get(links.get(u.id)?.telegramUserId ?? '') ?? null,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name, 'ru'));
}

/**
 * Finds a person by what an admin typed: the CRM id, or a part of the name
 * ("Ипполит", "ипп"). Ambiguous or unknown input returns the candidates so the
 * bot can say which were meant.
 */
export function findPerson(people: readonly Person[], query: string): { person: Person } | { candidates: Person[] } {
  const q = query.trim().toLocaleLowerCase('ru');
  const byId = people.find((p) => p.crmUserId === query.trim());
  if (byId) return { person: byId };
  const exact = people.filter((p) => p.name.toLocaleLowerCase('ru') === q);
  const matches = exact.length > 0 ? exact : people.filter((p) => q !== '' && p.name.toLocaleLowerCase('ru').includes(q));
  const [only, ...rest] = matches;
  return only && rest.length === 0 ? { person: only } : { candidates: matches };
}

/** The CRM's groups with their supervisor: one set in the chat wins over the CRM's group lead. */
export function listGroups(db: Db, accountId: string): { id: string; name: string; supervisorId: string | null; setInChat: boolean }[] {
  const chosen = new Map(db.select().from(groupSupervisors).where(eq(groupSupervisors.accountId, accountId)).all().map((g) => [g.groupId, g.userId]));
  return db
    .select()
    .from(userGroups)
    .where(eq(userGroups.accountId, accountId))
    .all()
    .map((g) => ({ id: g.id, name: g.name, supervisorId: chosen.get(g.id) ?? g.leadUserId, setInChat: chosen.has(g.id) }));
}

/** Sets (or with null clears) a group's supervisor, with an audit entry. */
export function setGroupSupervisor(db: Db, accountId: string, groupId: string, userId: string | null, actor: string, at: EpochMs): void {
  db.transaction((tx) => {
    const before = tx.select().from(groupSupervisors).where(and(eq(groupSupervisors.accountId, accountId), eq(groupSupervisors.groupId, groupId))).get();
    tx.delete(groupSupervisors).where(and(eq(groupSupervisors.accountId, accountId), eq(groupSupervisors.groupId, groupId))).run();
    if (userId !== null) tx.insert(groupSupervisors).values({ accountId, groupId, userId, setBy: actor, setAt: at }).run();
    recordAudit(tx, { accountId, actor, action: 'supervisor.set', subject: groupId, before: { groupId, userId: before?.userId ?? null }, after: { groupId, userId }, at });
  }, { behavior: 'immediate' });
}
