import { and, eq } from 'drizzle-orm';
import { recordAudit } from '../db/audit';
import type { Db } from '../db/client';
import { admins } from '../db/schema';
import type { EpochMs } from '../time';

/** Admins granted in the chat (/admins add), besides those in ADMIN_TELEGRAM_IDS. */
export function grantedAdmins(db: Db, accountId: string): string[] {
  return db.select({ id: admins.telegramUserId }).from(admins).where(eq(admins.accountId, accountId)).all().map((row) => row.id);
}

/** Whether a Telegram user was granted the admin role in the chat. */
export function isGrantedAdmin(db: Db, accountId: string, telegramUserId: string): boolean {
  return db.select().from(admins).where(and(eq(admins.accountId, accountId), eq(admins.telegramUserId, telegramUserId))).get() !== undefined;
}

/** Grants the admin role, with an audit entry. */
export function grantAdmin(db: Db, accountId: string, telegramUserId: string, actor: string, at: EpochMs): void {
  db.transaction(
    (tx) => {
      tx.insert(admins).values({ accountId, telegramUserId, grantedBy: actor, grantedAt: at }).onConflictDoNothing().run();
      recordAudit(tx, { accountId, actor, action: 'admin.added', before: null, after: { telegramUserId }, at });
    },
    { behavior: 'immediate' },
  );
}

/** Takes a granted admin role back, with an audit entry. Returns whether the user had it. */
export function revokeAdmin(db: Db, accountId: string, telegramUserId: string, actor: string, at: EpochMs): boolean {
  return db.transaction(
    (tx) => {
      const gone = tx.delete(admins).where(and(eq(admins.accountId, accountId), eq(admins.telegramUserId, telegramUserId))).run().changes > 0;
      if (gone) recordAudit(tx, { accountId, actor, action: 'admin.removed', before: { telegramUserId }, after: null, at });
      return gone;
    },
    { behavior: 'immediate' },
  );
}
