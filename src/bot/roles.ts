import type { Db } from '../db/client';
import { isGrantedAdmin } from '../people/admins';
import { listPeople, type Person } from '../people/directory';
import type { BotContext } from './context';

/** Admins are the ids in ADMIN_TELEGRAM_IDS plus anyone an admin granted the role to. */
export function isAdmin(db: Db, accountId: string, configured: readonly string[], telegramUserId: number | undefined): boolean {
  if (telegramUserId === undefined) return false;
  const id = String(telegramUserId);
  if (configured.includes(id)) return true;
  return isGrantedAdmin(db, accountId, id);
}

/** Who is writing: an admin, and/or the CRM user they are linked to (a manager or a supervisor). */
export interface Caller {
  admin: boolean;
  person: Person | undefined;
}

export function callerOf(ctx: BotContext): Caller {
  const { handle, config } = ctx.deps;
  const userId = ctx.from?.id;
  const person = userId === undefined ? undefined : listPeople(handle.db, config.ACCOUNT_ID).find((p) => p.link?.telegramUserId === String(userId));
  return { admin: isAdmin(handle.db, config.ACCOUNT_ID, config.ADMIN_TELEGRAM_IDS, userId), person };
}

/** Replies politely that the command is for admins; true when the caller is one. */
export async function requireAdmin(ctx: BotContext): Promise<boolean> {
  const { handle, config } = ctx.deps;
  if (isAdmin(handle.db, config.ACCOUNT_ID, config.ADMIN_TELEGRAM_IDS, ctx.from?.id)) return true;
  await ctx.reply(ctx.t('admin-only'));
  return false;
}
