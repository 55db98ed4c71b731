import { and, eq } from 'drizzle-orm';
import type { EpochMs } from '../crm/model';
import type { Db } from '../db/client';
import { boundChats } from '../db/schema';
import { recordAudit } from '../db/audit';

export type ChatRole = 'report' | 'supervisors';
export type BoundChat = typeof boundChats.$inferSelect;

/** The chat bound to a role, if any. */
export function boundChat(db: Db, accountId: string, role: ChatRole): BoundChat | undefined {
  return db.select().from(boundChats).where(and(eq(boundChats.accountId, accountId), eq(boundChats.role, role))).get();
}

/** Whether a chat is bound to the account in any role: only then may it see reports or deals. */
export function isBoundChat(db: Db, accountId: string, chatId: string): boolean {
  return db.select().from(boundChats).where(and(eq(boundChats.accountId, accountId), eq(boundChats.chatId, chatId))).get() !== undefined;
}

/** Makes a chat the one for a role (replacing the previous one) and records who did it. Returns the previous chat. */
export function bindChat(
  db: Db,
  binding: { accountId: string; chatId: string; role: ChatRole; title: string; actor: string },
  at: EpochMs,
): BoundChat | undefined {
  return db.transaction((tx) => {
    const previous = tx.select().from(boundChats).where(and(eq(boundChats.accountId, binding.accountId), eq(boundChats.role, binding.role))).get();
    const row = { accountId: binding.accountId, chatId: binding.chatId, role: binding.role, title: binding.title, boundBy: binding.actor, boundAt: at };
    tx.insert(boundChats).values(row).onConflictDoUpdate({ target: [boundChats.accountId, boundChats.role], set: row }).run();
    recordAudit(tx, { accountId: binding.accountId, actor: binding.actor, action: 'chat.bound', subject: binding.role, before: previous, after: row, at });
    return previous;
  }, { behavior: 'immediate' });
}

/** The bot left or was removed from a chat: it is bound to nothing any more. Returns the roles it had. */
export function unbindChat(db: Db, accountId: string, chatId: string, actor: string, at: EpochMs): ChatRole[] {
  return db.transaction((tx) => {
    const rows = tx.select().from(boundChats).where(and(eq(boundChats.accountId, accountId), eq(boundChats.chatId, chatId))).all();
    for (const row of rows) {
      tx.delete(boundChats).where(and(eq(boundChats.accountId, accountId), eq(boundChats.role, row.role))).run();
      recordAudit(tx, { accountId, actor, action: 'chat.unbound', subject: row.role, before: row, after: null, at });
    }
    return rows.map((row) => row.role);
  }, { behavior: 'immediate' });
}
