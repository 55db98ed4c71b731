import { eq } from 'drizzle-orm';
import { recordAudit } from '../db/audit';
import type { Db } from '../db/client';
import { dailyControl } from '../db/schema';
import type { EpochMs } from '../time';

/** What /digest sets: the morning digest and the evening check on or off, and the evening check's time. */
export interface DailyControlSettings {
  morning: boolean;
  evening: boolean;
  /** HH:MM in the account's timezone. */
  eveningAt: string;
  /** Bookkeeping of the minute tick: occasions up to this instant were decided; null before the first tick. */
  decidedUpTo: EpochMs | null;
}

export type DailyControlChange = Partial<Pick<DailyControlSettings, 'morning' | 'evening' | 'eveningAt'>>;

/** Both on, the evening check at 19:00: what an account has until an admin changes it. */
export const DAILY_CONTROL_DEFAULTS: DailyControlSettings = { morning: true, evening: true, eveningAt: '19:00', decidedUpTo: null };

export function loadDailyControl(db: Db, accountId: string): DailyControlSettings {
  const row = db.select().from(dailyControl).where(eq(dailyControl.accountId, accountId)).get();
  return row ? { morning: row.morning, evening: row.evening, eveningAt: row.eveningAt, decidedUpTo: row.decidedUpTo } : DAILY_CONTROL_DEFAULTS;
}

/**
 * Changes what an admin edits, audited (`settings.changed`, subject
 * `dailyControl.<keys>`). False when nothing would change (nothing written).
 */
export function changeDailyControl(db: Db, accountId: string, change: DailyControlChange, actor: string, at: EpochMs): boolean {
  return db.transaction(
    (tx) => {
      const before = loadDailyControl(tx, accountId);
      const keys = (Object.keys(change) as (keyof DailyControlChange)[]).filter((k) => change[k] !== undefined && change[k] !== before[k]);
      if (keys.length === 0) return false;
      const after = Object.fromEntries(keys.map((k) => [k, change[k]]));
      upsert(tx, accountId, after);
      recordAudit(tx, {
        accountId,
        actor,
        action: 'settings.changed',
        subject: keys.map((k) => `dailyControl.${k}`).join(','),
        before: Object.fromEntries(keys.map((k) => [k, before[k]])),
        after,
        at,
      });
      return true;
    },
    { behavior: 'immediate' },
  );
}

/** Records up to which instant the tick decided its occasions (bookkeeping, not audited); call it in the transaction that queues them. */
export function setDecidedUpTo(db: Db, accountId: string, at: EpochMs): void {
  upsert(db, accountId, { decidedUpTo: at });
}

function upsert(db: Db, accountId: string, set: Partial<DailyControlSettings>): void {
  db.insert(dailyControl)
    .values({ ...loadDailyControl(db, accountId), ...set, accountId })
    .onConflictDoUpdate({ target: dailyControl.accountId, set })
    .run();
}
