import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { EpochMs } from '../crm/model';
import type { Db } from '../db/client';
import { linkCodes, telegramLinks } from '../db/schema';
import type { Locale } from '../i18n';
import { recordAudit } from '../db/audit';

/**
 * Links between CRM users and Telegram users. An admin asks for a one-time
 * deep link for a CRM user; whoever opens it within its lifetime becomes that
 * user in Telegram. One CRM user has at most one Telegram user and back.
 */

export type TelegramLink = typeof telegramLinks.$inferSelect;

/** How long a deep link stays valid: long enough to reach a manager by another channel, short enough not to leak. */
export const LINK_CODE_TTL_MS = 72 * 60 * 60_000;

export function linkOfCrmUser(db: Db, accountId: string, crmUserId: string): TelegramLink | undefined {
  return db.select().from(telegramLinks).where(and(eq(telegramLinks.accountId, accountId), eq(telegramLinks.crmUserId, crmUserId))).get();
}

export function linkOfTelegramUser(db: Db, accountId: string, telegramUserId: number | string): TelegramLink | undefined {
  return db
    .select()
    .from(telegramLinks)
    .where(and(eq(telegramLinks.accountId, accountId), eq(telegramLinks.telegramUserId, String(telegramUserId))))
    .get();
}

export function allLinks(db: Db, accountId: string): TelegramLink[] {
  return db.select().from(telegramLinks).where(eq(telegramLinks.accountId, accountId)).all();
}

/** A fresh code for a CRM user's deep link; 16 url-safe characters (Telegram allows up to 64). */
export function createLinkCode(db: Db, request: { accountId: string; crmUserId: string; actor: string }, at: EpochMs): { code: string; expiresAt: EpochMs } {
  const code = randomBytes(12).toString('base64url');
  const expiresAt = at + LINK_CODE_TTL_MS;
  db.transaction((tx) => {
    tx.insert(linkCodes).values({ code, accountId: request.accountId, crmUserId: request.crmUserId, createdBy: request.actor, createdAt: at, expiresAt }).run();
    recordAudit(tx, { accountId: request.accountId, actor: request.actor, action: 'link.invited', before: null, after: { crmUserId: request.crmUserId, expiresAt }, at });
  }, { behavior: 'immediate' });
  return { code, expiresAt };
}

export type RedeemResult =
  | { ok: true; crmUserId: string; previous: TelegramLink | undefined }
  | { ok: false; reason: 'unknown' | 'used' | 'expired' };

/**
 * Links the Telegram user who opened a deep link to the code's CRM user. The
 * code is spent in the same transaction; a Telegram user linked to another
 * CRM user before is moved (the newest invitation wins).
 */
export function redeemLinkCode(
  db: Db,
  accountId: string,
  code: string,
  telegram: { userId: number; name: string; locale: Locale },
  at: EpochMs,
): RedeemResult {
  return db.transaction((tx): RedeemResult => {
    const row = tx.select().from(linkCodes).where(and(eq(linkCodes.code, code), eq(linkCodes.accountId, accountId))).get();
    if (!row) return { ok: false, reason: 'unknown' };
    if (row.usedAt !== null) return { ok: false, reason: 'used' };
    if (row.expiresAt <= at) return { ok: false, reason: 'expired' };
    tx.update(linkCodes).set({ usedAt: at }).where(eq(linkCodes.code, code)).run();
    const previous = linkOfCrmUser(tx, accountId, row.crmUserId);
    tx.delete(telegramLinks)
      .where(and(eq(telegramLinks.accountId, accountId), eq(telegramLinks.telegramUserId, String(telegram.userId))))
      .run();
    const link = {
      accountId,
      crmUserId: row.crmUserId,
      telegramUserId: String(telegram.userId),
      telegramName: telegram.name,
      locale: telegram.locale,
      linkedAt: at,
      unreachableSince: null,
    };
    tx.insert(telegramLinks).values(link).onConflictDoUpdate({ target: [telegramLinks.accountId, telegramLinks.crmUserId], set: link }).run();
    recordAudit(tx, { accountId, actor: String(telegram.userId), action: 'link.linked', before: previous, after: link, at });
    return { ok: true, crmUserId: row.crmUserId, previous };
  }, { behavior: 'immediate' });
}

/** Removes a CRM user's link; their pings go to the supervisor again. Returns the removed link. */
export function unlink(db: Db, accountId: string, crmUserId: string, actor: string, at: EpochMs): TelegramLink | undefined {
  return db.transaction((tx) => {
    const previous = linkOfCrmUser(tx, accountId, crmUserId);
    if (!previous) return undefined;
    tx.delete(telegramLinks).where(and(eq(telegramLinks.accountId, accountId), eq(telegramLinks.crmUserId, crmUserId))).run();
    recordAudit(tx, { accountId, actor, action: 'link.unlinked', before: previous, after: null, at });
    return previous;
  }, { behavior: 'immediate' });
}

/** Telegram said the user blocked the bot: stop sending to them until they write again. Returns whether it changed. */
export function markUnreachable(db: Db, accountId: string, telegramUserId: string, at: EpochMs): TelegramLink | undefined {
  return db
    .update(telegramLinks)
    .set({ unreachableSince: at })
    .where(and(eq(telegramLinks.accountId, accountId), eq(telegramLinks.telegramUserId, telegramUserId)))
    .returning()
    .get();
}

/** The user wrote to the bot again: they can be reached. */
export function markReachable(db: Db, accountId: string, telegramUserId: number): void {
  db.update(telegramLinks)
    .set({ unreachableSince: null })
    .where(and(eq(telegramLinks.accountId, accountId), eq(telegramLinks.telegramUserId, String(telegramUserId))))
    .run();
}
