import { eq } from 'drizzle-orm';
import type { EpochMs } from '../crm/model';
import type { Db } from '../db/client';
import { accountSettings } from '../db/schema';
import { recordAudit } from '../db/audit';
import { DEFAULT_PRIVACY_MODE } from '../privacy/policy';

export type AccountSettings = typeof accountSettings.$inferSelect;
export type SettingsChange = Partial<Pick<AccountSettings, 'reportSchedule' | 'quietHours' | 'supervisorPings' | 'privacy'>>;

/** The account's settings row, with defaults when nothing was saved yet. */
export function loadSettings(db: Db, accountId: string): AccountSettings {
  return (
    db.select().from(accountSettings).where(eq(accountSettings.accountId, accountId)).get() ?? {
      accountId,
      reportSchedule: null,
      quietHours: null,
      supervisorPings: 'working',
      privacy: DEFAULT_PRIVACY_MODE,
      pingsSince: null,
      lastReportFor: null,
      crmUnreachableSince: null,
      snapshotStaleSince: null,
    }
  );
}

/** Changes settings an admin edits, with an audit entry of what it was and what it became. */
export function changeSettings(db: Db, accountId: string, change: SettingsChange, actor: string, at: EpochMs): void {
  db.transaction((tx) => {
    const before = loadSettings(tx, accountId);
    const changedKeys = Object.keys(change) as (keyof SettingsChange)[];
    upsert(tx, accountId, change);
    recordAudit(tx, {
      accountId,
      actor,
      action: 'settings.changed',
      subject: changedKeys.join(','),
      before: Object.fromEntries(changedKeys.map((k) => [k, before[k]])),
      after: change,
      at,
    });
  }, { behavior: 'immediate' });
}

/** Records which scheduled report instant was last handled (bookkeeping, not audited). */
export function setLastReportFor(db: Db, accountId: string, at: EpochMs): void {
  upsert(db, accountId, { lastReportFor: at });
}

/** Why new pings can be held: the CRM cannot confirm tasks, or the snapshot is too old to act on. */
export type PingHold = 'crmUnreachableSince' | 'snapshotStaleSince';

/** Records since when pings are held for that reason, or (null) that it is over (bookkeeping, not audited). */
export function setPingHold(db: Db, accountId: string, hold: PingHold, since: EpochMs | null): void {
  upsert(db, accountId, { [hold]: since });
}

/** Records the instant overdue pings began for the account (bookkeeping, not audited). */
export function setPingsSince(db: Db, accountId: string, at: EpochMs): void {
  upsert(db, accountId, { pingsSince: at });
}

function upsert(db: Db, accountId: string, set: Partial<Omit<AccountSettings, 'accountId'>>): void {
  db.insert(accountSettings)
    .values({ ...loadSettings(db, accountId), ...set })
    .onConflictDoUpdate({ target: accountSettings.accountId, set })
    .run();
}

/** The weekly report's schedule: the one set in the chat, else the configured one. */
export function reportSchedule(db: Db, accountId: string, configured: string): string {
  return loadSettings(db, accountId).reportSchedule ?? configured;
}
