import { and, asc, eq } from 'drizzle-orm';
import { isoDate, parseIsoDate } from '../calendar/local-date';
import { recordAudit } from '../db/audit';
import type { Db } from '../db/client';
import { absences, workPatterns, type StoredWorkPattern } from '../db/schema';
import type { Absence, PersonalSchedule, WorkPattern } from '../schedules/model';
import type { EpochMs } from '../time';

/**
 * The store of personal schedules: each CRM user's own working pattern
 * (/shift) and absences (/away). Every change is audited, the subject being
 * the CRM user id. Who may change whose schedule is the bot's business.
 */

/** An absence as stored, with its id (to remove it) and who set it. */
export interface StoredAbsence extends Absence {
  id: number;
  crmUserId: string;
  actor: string;
  at: EpochMs;
}

/** Everyone's personal schedule, by CRM user id: those with a pattern or an absence. */
export function listSchedules(db: Db, accountId: string): Map<string, PersonalSchedule> {
  const schedules = new Map<string, { pattern: WorkPattern | null; absences: Absence[] }>();
  const entry = (id: string) => schedules.get(id) ?? schedules.set(id, { pattern: null, absences: [] }).get(id)!;
  for (const row of db.select().from(workPatterns).where(eq(workPatterns.accountId, accountId)).all()) {
    const pattern = patternFromStored(row.pattern);
    if (pattern) entry(row.crmUserId).pattern = pattern;
  }
  for (const absence of listAbsences(db, accountId)) entry(absence.crmUserId).absences.push(absence);
  return schedules;
}

/** The account's absences, earliest first. */
export function listAbsences(db: Db, accountId: string): StoredAbsence[] {
  return db
    .select()
    .from(absences)
    .where(eq(absences.accountId, accountId))
    .orderBy(asc(absences.fromDay), asc(absences.id))
    .all()
    .flatMap((row) => {
      const [from, to] = [parseIsoDate(row.fromDay), parseIsoDate(row.toDay)];
      // Only this store writes the table, always as YYYY-MM-DD; a row that is not is skipped rather than stopping every ping.
      return from && to ? [{ id: row.id, crmUserId: row.crmUserId, kind: row.kind, from, to, actor: row.actor, at: row.at }] : [];
    });
}

/** Sets a person's own pattern, replacing the one they had; audited. */
export function setWorkPattern(db: Db, accountId: string, crmUserId: string, pattern: WorkPattern, actor: string, at: EpochMs): void {
  const stored = patternToStored(pattern);
  db.transaction(
    (tx) => {
      const before = ownPattern(tx, accountId, crmUserId);
      tx.insert(workPatterns)
        .values({ accountId, crmUserId, pattern: stored, actor, at })
        .onConflictDoUpdate({ target: [workPatterns.accountId, workPatterns.crmUserId], set: { pattern: stored, actor, at } })
        .run();
      recordAudit(tx, { accountId, actor, action: 'schedule.set', subject: crmUserId, before, after: stored, at });
    },
    { behavior: 'immediate' },
  );
}

/** Takes a person's own pattern back (the account's hours again); audited. False when they had none. */
export function clearWorkPattern(db: Db, accountId: string, crmUserId: string, actor: string, at: EpochMs): boolean {
  return db.transaction(
    (tx) => {
      const before = ownPattern(tx, accountId, crmUserId);
      if (before === null) return false;
      tx.delete(workPatterns)
        .where(and(eq(workPatterns.accountId, accountId), eq(workPatterns.crmUserId, crmUserId)))
        .run();
      recordAudit(tx, { accountId, actor, action: 'schedule.cleared', subject: crmUserId, before, after: null, at });
      return true;
    },
    { behavior: 'immediate' },
  );
}

/** Records an absence; audited. Returns its id. */
export function addAbsence(db: Db, accountId: string, crmUserId: string, absence: Absence, actor: string, at: EpochMs): number {
  return db.transaction(
    (tx) => {
      const row = { kind: absence.kind, fromDay: isoDate(absence.from), toDay: isoDate(absence.to) };
      const { id } = tx
        .insert(absences)
        .values({ accountId, crmUserId, ...row, actor, at })
        .returning({ id: absences.id })
        .get();
      recordAudit(tx, { accountId, actor, action: 'absence.added', subject: crmUserId, before: null, after: { id, ...row }, at });
      return id;
    },
    { behavior: 'immediate' },
  );
}

/** Removes an absence by its id; audited. False when there is none of that person with that id. */
export function removeAbsence(db: Db, accountId: string, crmUserId: string, id: number, actor: string, at: EpochMs): boolean {
  return db.transaction(
    (tx) => {
      const where = and(eq(absences.accountId, accountId), eq(absences.crmUserId, crmUserId), eq(absences.id, id));
      const before = tx.select().from(absences).where(where).get();
      if (!before) return false;
      tx.delete(absences).where(where).run();
      recordAudit(tx, { accountId, actor, action: 'absence.removed', subject: crmUserId, before: { id, kind: before.kind, fromDay: before.fromDay, toDay: before.toDay }, after: null, at });
      return true;
    },
    { behavior: 'immediate' },
  );
}

/**
 * Replaces every pattern and absence of the account with the given ones, in
 * one transaction with one audit entry per change (`cli schedules import`).
 */
export function replaceSchedules(db: Db, accountId: string, schedules: ReadonlyMap<string, PersonalSchedule>, actor: string, at: EpochMs): { patterns: number; absences: number } {
  return db.transaction(
    (tx) => {
      const oldPatterns = tx.select().from(workPatterns).where(eq(workPatterns.accountId, accountId)).all();
      const oldAbsences = tx.select().from(absences).where(eq(absences.accountId, accountId)).all();
      tx.delete(workPatterns).where(eq(workPatterns.accountId, accountId)).run();
      tx.delete(absences).where(eq(absences.accountId, accountId)).run();
      for (const row of oldPatterns) {
        if (!schedules.get(row.crmUserId)?.pattern) recordAudit(tx, { accountId, actor, action: 'schedule.cleared', subject: row.crmUserId, before: row.pattern, after: null, at });
      }
      for (const row of oldAbsences) {
        recordAudit(tx, { accountId, actor, action: 'absence.removed', subject: row.crmUserId, before: { id: row.id, kind: row.kind, fromDay: row.fromDay, toDay: row.toDay }, after: null, at });
      }
      let [patternCount, absenceCount] = [0, 0];
      for (const [crmUserId, schedule] of schedules) {
        if (schedule.pattern) {
          const stored = patternToStored(schedule.pattern);
          tx.insert(workPatterns).values({ accountId, crmUserId, pattern: stored, actor, at }).run();
          const before = oldPatterns.find((row) => row.crmUserId === crmUserId)?.pattern ?? null;
          recordAudit(tx, { accountId, actor, action: 'schedule.set', subject: crmUserId, before, after: stored, at });
          patternCount++;
        }
        for (const absence of schedule.absences) {
          const row = { kind: absence.kind, fromDay: isoDate(absence.from), toDay: isoDate(absence.to) };
          const { id } = tx.insert(absences).values({ accountId, crmUserId, ...row, actor, at }).returning({ id: absences.id }).get();
          recordAudit(tx, { accountId, actor, action: 'absence.added', subject: crmUserId, before: null, after: { id, ...row }, at });
          absenceCount++;
        }
      }
      return { patterns: patternCount, absences: absenceCount };
    },
    { behavior: 'immediate' },
  );
}

function ownPattern(db: Pick<Db, 'select'>, accountId: string, crmUserId: string): StoredWorkPattern | null {
  const row = db
    .select({ pattern: workPatterns.pattern })
    .from(workPatterns)
    .where(and(eq(workPatterns.accountId, accountId), eq(workPatterns.crmUserId, crmUserId)))
    .get();
  return row?.pattern ?? null;
}

export function patternToStored(pattern: WorkPattern): StoredWorkPattern {
  return pattern.kind === 'weekly'
    ? { kind: 'weekly', days: [...pattern.days], from: pattern.from, to: pattern.to }
    : { kind: 'cycle', on: pattern.on, off: pattern.off, start: isoDate(pattern.start), from: pattern.from, to: pattern.to };
}

function patternFromStored(stored: StoredWorkPattern): WorkPattern | null {
  if (stored.kind === 'weekly') return stored;
  const start = parseIsoDate(stored.start);
  return start ? { ...stored, start } : null;
}
