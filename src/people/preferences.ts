import { and, eq } from 'drizzle-orm';
import type { EpochMs } from '../crm/model';
import type { Db } from '../db/client';
import { telegramLinks, userPreferences } from '../db/schema';
import type { Locale } from '../i18n';

export type Preferences = Pick<typeof userPreferences.$inferSelect, 'locale' | 'supervisorPings'>;

/** What a user chose (/lang, /pings); nulls where they did not. */
export function preferencesOf(db: Db, accountId: string, telegramUserId: number | string): Preferences {
  const row = db
    .select({ locale: userPreferences.locale, supervisorPings: userPreferences.supervisorPings })
    .from(userPreferences)
    .where(and(eq(userPreferences.accountId, accountId), eq(userPreferences.telegramUserId, String(telegramUserId))))
    .get();
  return row ?? { locale: null, supervisorPings: null };
}

/** Remembers a user's choice; a linked user's pings follow their language too. */
export function setPreference(db: Db, accountId: string, telegramUserId: number, change: Partial<Preferences>, at: EpochMs): void {
  const id = String(telegramUserId);
  db.transaction((tx) => {
    const row = { ...preferencesOf(tx, accountId, id), ...change, accountId, telegramUserId: id, updatedAt: at };
    tx.insert(userPreferences).values(row).onConflictDoUpdate({ target: [userPreferences.accountId, userPreferences.telegramUserId], set: row }).run();
    if (change.locale) {
      tx.update(telegramLinks).set({ locale: change.locale }).where(and(eq(telegramLinks.accountId, accountId), eq(telegramLinks.telegramUserId, id))).run();
    }
  }, { behavior: 'immediate' });
}

export type { Locale };
