import { findPhoneNumbersInText } from 'libphonenumber-js/max';

/** What stands in a message where a contact detail or a person's name was. */
export const MASK = '•••';

/**
 * E-mail addresses: the local part and a domain with a dot. Written by hand
 * because every e-mail library validates a whole string; here addresses are
 * found inside free text, and missing a rare valid form only means it is
 * masked by the phone or handle search or not at all — hence the broad
 * local part.
 */
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.(?:xn--[a-z0-9-]+|\p{L}{2,})/gu;

/**
 * Messenger and social handles and links: `@olga_k`, `@olga.k`, `t.me/olga_k`,
 * `tg://resolve?domain=olga_k`, `wa.me/79161234567`, `vk.com/olga.k`,
 * `ok.ru/profile/575123`, `instagram.com/olga_k`.
 */
const HANDLE =
  /(?:https?:\/\/)?(?:www\.)?(?:t\.me|telegram\.me|wa\.me|vk\.com|vk\.me|ok\.ru|instagram\.com)\/[\w+./-]*\w|tg:\/\/resolve\?domain=\w+|(?<![\p{L}\p{N}_])@[A-Za-z][A-Za-z0-9_.]{2,31}[A-Za-z0-9_]/gu;

/**
 * Phone writings libphonenumber does not take as a number because they lack
 * the area code (a city's local `123-45-67`, `123 45 67`, `123.45.67`,
 * `123 4567`, `12-34-56`), and long digit runs it rejects as invalid (`+7
 * 000…` test numbers are still real to the person who wrote them), or reads
 * wrongly when two numbers are written with a comma between them (the second
 * taken for an extension): masked on the safe side, long runs first.
 */
const LOCAL_PHONE = /(?<!\d)(?:\d{3}[-. ]\d{2}[-. ]\d{2}|\d{3} \d{4}|\d{2}-\d{2}-\d{2})(?!\d)/g;
const LONG_DIGITS = /\+?\d(?:[\s().-]{0,2}\d){9,}/g;

/**
 * Free text with every phone number, e-mail address and messenger handle
 * replaced by «•••». Phone numbers are found by libphonenumber (Google's
 * metadata, every Russian and international writing: `+7 (916) 123-45-67`,
 * `8-916-123-45-67`, `89161234567`, `8 800 …`, dots, brackets), read as
 * Russian when written without a country code.
 */
export function maskContacts(text: string): string {
  let masked = text.replace(EMAIL, MASK).replace(HANDLE, MASK).replace(LONG_DIGITS, MASK);
  const phones = findPhoneNumbersInText(masked, { defaultCountry: 'RU' });
  // Replace from the end so earlier offsets stay valid.
  for (const phone of [...phones].reverse()) masked = masked.slice(0, phone.startsAt) + MASK + masked.slice(phone.endsAt);
  return masked.replace(LOCAL_PHONE, MASK);
}
