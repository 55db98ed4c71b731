import { and, eq } from 'drizzle-orm';
import type { EpochMs } from '../crm/model';
import type { Db } from '../db/client';
import { telegramLinks, userPreferences } from '../db/schema';
import type { Locale } from '../i18n';

/** The language a user chose with /lang, if they did. */
export function preferredLocale(db: Db, accountId: string, telegramUserId: number): Locale | undefined {
  return db
    .select({ locale: userPreferences.locale })
    .from(userPreferences)
    .where(and(eq(userPreferences.accountId, accountId), eq(userPreferences.telegramUserId, String(telegramUserId))))
    .get()?.locale;
}

/** Remembers a user's language; their pings follow it too, if they are linked. */
export function setPreferredLocale(db: Db, accountId: string, telegramUserId: number, locale: Locale, at: EpochMs): void {
  const id = String(telegramUserId);
  db.transaction((tx) => {
    const row = { accountId, telegramUserId: id, locale, updatedAt: at };
    tx.insert(userPreferences).values(row).onConflictDoUpdate({ target: [userPreferences.accountId, userPreferences.telegramUserId], set: row }).run();
    tx.update(telegramLinks).set({ locale }).where(and(eq(telegramLinks.accountId, accountId), eq(telegramLinks.telegramUserId, id))).run();
  });
}
