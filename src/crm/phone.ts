import { createHash } from 'node:crypto';

/**
 * A client's phone number as the snapshot keeps it: never the number itself
 * (it is a customer's personal data, and the bot needs only two things of
 * it). `key` matches a callback to the call it returns however either was
 * written — `+7 (916) 123-45-67`, `8 916 123 45 67`, `9161234567` all end in
 * the same ten digits, which are hashed; `tail` is the last four digits, to
 * name the number masked. A CRM's number with fewer than ten digits (an
 * internal line) is keyed by all of them.
 */
export interface PhoneIdentity {
  key: string;
  tail: string;
}

/** Digits kept for matching: a Russian number's ten without the country's 7 or the trunk 8. */
const MATCHED_DIGITS = 10;

export function phoneIdentity(raw: string | null | undefined): PhoneIdentity | null {
  const digits = (raw ?? '').replace(/\D/g, '');
  if (digits.length < 3) return null;
  const kept = digits.slice(-MATCHED_DIGITS);
  return { key: createHash('sha256').update(kept).digest('hex').slice(0, 20), tail: kept.slice(-4) };
}

/** The call fields of a number, for a connector's mapping. */
export function phoneFields(raw: string | null | undefined): { phoneKey: string | null; phoneTail: string | null } {
  const phone = phoneIdentity(raw);
  return { phoneKey: phone?.key ?? null, phoneTail: phone?.tail ?? null };
}

/** A number named by its last four digits only («•••45-67»), or null when the CRM did not say. */
export function maskedPhone(tail: string | null): string | null {
  if (tail === null) return null;
  return tail.length === 4 ? `•••${tail.slice(0, 2)}-${tail.slice(2)}` : `•••${tail}`;
}
