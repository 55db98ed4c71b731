import type { PrivacyMode, TextForm } from './policy';

/** Who reads a message: a group chat, or one person in their private chat (null when not linked to an active CRM user). */
export type Reader = { chat: 'group' } | { chat: 'private'; crmUserId: string | null };

/**
 * How a reader may see the free text of a deal or task owned by a manager:
 * as typed by the manager themselves and by their supervisor in private
 * (they see it in the CRM anyway); by everyone else, and in every group
 * chat, in the account's privacy mode.
 */
export function textFormFor(reader: Reader, owner: { managerId: string | null; supervisorId: string | null }, mode: PrivacyMode): TextForm {
  if (reader.chat === 'group' || reader.crmUserId === null) return mode;
  const own = reader.crmUserId === owner.managerId || reader.crmUserId === owner.supervisorId;
  return own ? 'as-typed' : mode;
}
