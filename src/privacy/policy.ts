import { maskContacts } from './contacts';
import { maskPersonalNames } from './names';

/**
 * What the bot may show of the CRM's free text (deal names, task texts) in a
 * chat other than the private chat of the deal's own manager or their
 * supervisor. Real teams name deals after the customer and type phone
 * numbers into tasks («Иванов Пётр +7 916 123-45-67»), and a group chat is
 * not the place for a customer's personal data (152-ФЗ).
 *
 * - `strict` (the default): no free text at all; a deal is «Сделка №<id>»
 *   with its pipeline, stage, amount and CRM link, a task is its type.
 * - `masked`: the text with every phone number, e-mail, messenger handle and
 *   person's name replaced by «•••».
 */
export const PRIVACY_MODES = ['strict', 'masked'] as const;
export type PrivacyMode = (typeof PRIVACY_MODES)[number];
export const DEFAULT_PRIVACY_MODE: PrivacyMode = 'strict';

/**
 * How free text is shown in one chat: `as-typed` to the deal's own manager or
 * their supervisor in private (they see it in the CRM anyway), else the
 * account's privacy mode.
 */
export type TextForm = 'as-typed' | PrivacyMode;

export function isPrivacyMode(value: string): value is PrivacyMode {
  return (PRIVACY_MODES as readonly string[]).includes(value);
}

/**
 * Invisible characters that split a word or a number for a search but not
 * for a reader: soft hyphens, zero-width spaces and joiners, stress marks.
 */
const INVISIBLE = /[\p{Cf}\p{M}]/gu;

/** Free text with every phone number, e-mail, handle and person's name replaced by «•••». */
export function maskPersonalData(text: string): string {
  // Composed first, so «й» and «ё» typed as a letter and a mark keep their mark.
  return maskPersonalNames(maskContacts(text.normalize('NFC').replace(INVISIBLE, '')));
}

/** Free text as a chat of this form may show it; null where it shows none (`strict`). */
export function freeTextIn(form: TextForm, text: string): string | null {
  if (form === 'as-typed') return text;
  if (form === 'masked') return maskPersonalData(text);
  return null;
}
