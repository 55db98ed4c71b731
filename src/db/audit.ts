import type { EpochMs } from '../time';
import type { Db } from './client';
import { auditLog } from './schema';

/** Every change the audit log records, as `<area>.<verb>`. */
export const AUDIT_ACTIONS = [
  'norms.changed',
  'settings.changed',
  'chat.bound',
  'chat.unbound',
  'link.invited',
  'link.linked',
  'link.unlinked',
  'admin.added',
  'admin.removed',
  'supervisor.set',
  // An account's own day off or working day over the production calendar (/holidays); the subject is the date.
  'calendar.marked',
  'calendar.unmarked',
  // A person's own working pattern and absences (/shift, /away, `cli schedules import`); the subject is the CRM user id.
  'schedule.set',
  'schedule.cleared',
  'absence.added',
  'absence.removed',
  // A deal or task snoozed (/snooze, «Отложить»), its confirmation, and its end; the subject is `deal:ID` or `task:ID`.
  'snooze.requested',
  'snooze.set',
  'snooze.confirmed',
  'snooze.declined',
  'snooze.cancelled',
  'snooze.ended',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntry {
  accountId: string;
  /** The Telegram user id of whoever made the change. */
  actor: string;
  action: AuditAction;
  /** What in the area changed (a norm's path, settings keys, a chat's role), when the action alone does not say. */
  subject?: string | null;
  before: unknown;
  after: unknown;
  at: EpochMs;
}

/** Records a change; call it inside the transaction that makes the change, so both happen or neither does. */
export function recordAudit(db: Pick<Db, 'insert'>, entry: AuditEntry): void {
  db.insert(auditLog)
    .values({ ...entry, subject: entry.subject ?? null, before: entry.before ?? null, after: entry.after ?? null })
    .run();
}
