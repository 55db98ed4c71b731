import type { DealKind } from './pipelines';
import type { Random } from './random';

/**
 * The people behind the deals, the way sales people type them into a CRM:
 * «Пневмобаллон BMW X5 — Смирнова Елена, 8 (916) 482-17-39». Every deal has
 * one, a contact card of its own with a number the telephony knows it by;
 * half the deals people buy for their own car are named after them too, so
 * that the bot's privacy policy is visible: group chats show «Сделка №…» or
 * «•••» where these stand.
 */
export interface Customer {
  /** The contact card's id: stable with the deal's number, so a contact is the same in every week's timeline. */
  contactId: string;
  /** The company the customer buys for (a wholesale lot's service station), or null for a private buyer. */
  companyId: string | null;
  /** «Елена Смирнова» */
  name: string;
  /** «Смирнова Елена», as a deal is named after the customer. */
  listed: string;
  /** The number as the manager typed it into the deal's name and tasks. */
  phone: string;
  /** The same number's ten digits (operator code and subscriber), for the telephony to write its own way. */
  digits: string;
}

/** The deal's customer, and whether the deal is named after them. */
export interface DealCustomer {
  customer: Customer;
  named: boolean;
}

/** Of the deals people buy for their own car, this share is named after the customer. */
const NAMED_SHARE = 0.5;
/** Contact ids are the deal's number in a range of their own, apart from deal ids. */
const CONTACT_IDS = 1_000_000_000;

const MEN: readonly (readonly [string, string])[] = [
  ['Пётр', 'Иванов'], ['Дмитрий', 'Кузнецов'], ['Алексей', 'Орлов'], ['Игорь', 'Соколов'], ['Максим', 'Лебедев'],
  ['Артём', 'Козлов'], ['Николай', 'Новиков'], ['Роман', 'Морозов'], ['Виктор', 'Волков'], ['Олег', 'Зайцев'],
];
const WOMEN: readonly (readonly [string, string])[] = [
  ['Елена', 'Смирнова'], ['Ольга', 'Попова'], ['Наталья', 'Васильева'], ['Ирина', 'Павлова'], ['Татьяна', 'Семёнова'],
  ['Светлана', 'Голубева'], ['Марина', 'Виноградова'], ['Юлия', 'Богданова'], ['Анастасия', 'Фёдорова'], ['Ксения', 'Михайлова'],
];
const OPERATORS = ['916', '903', '926', '985', '912', '921', '950', '999'];

/** Phone numbers written the many ways people write them. */
const WRITINGS: readonly ((code: string, n: string) => string)[] = [
  (c, n) => `+7 (${c}) ${n.slice(0, 3)}-${n.slice(3, 5)}-${n.slice(5)}`,
  (c, n) => `8 (${c}) ${n.slice(0, 3)}-${n.slice(3, 5)}-${n.slice(5)}`,
  (c, n) => `8${c}${n}`,
  (c, n) => `+7${c}${n}`,
  (c, n) => `8-${c}-${n.slice(0, 3)}-${n.slice(3, 5)}-${n.slice(5)}`,
  (c, n) => `+7 ${c} ${n.slice(0, 3)} ${n.slice(3, 5)} ${n.slice(5)}`,
];

/**
 * How telephony writes the client's number into a call: virtual PBXs
 * differ, and the same one writes an incoming caller ID otherwise than a
 * number it dialled. The bot keys a number by its last ten digits, so all of
 * these are one client.
 */
const DIALLED: readonly ((digits: string) => string)[] = [
  (d) => `+7${d}`,
  (d) => `7${d}`,
  (d) => `8${d}`,
  (d) => d,
  (d) => `+7 (${d.slice(0, 3)}) ${d.slice(3, 6)}-${d.slice(6, 8)}-${d.slice(8)}`,
];

/**
 * The deal's customer, drawn from the deal's own customer stream (so adding
 * customers changed no other draw of the demo). The draws for a named
 * customer come first and in the order they always did, so deal names stay
 * as they were; wholesale lots are bought by companies and never named
 * after their buyer.
 */
export function customerFor(kind: DealKind, dealNo: number, companyId: string | null, rng: Random): DealCustomer {
  const named = kind !== 'wholesale' && rng.chance(NAMED_SHARE);
  const [first, last] = rng.pick(rng.chance(0.5) ? MEN : WOMEN);
  const subscriber = String(rng.int(0, 9_999_999)).padStart(7, '0');
  const writing = rng.pick(WRITINGS);
  const code = rng.pick(OPERATORS);
  const customer: Customer = {
    contactId: String(CONTACT_IDS + dealNo),
    companyId,
    name: `${first} ${last}`,
    listed: `${last} ${first}`,
    phone: writing(code, subscriber),
    digits: code + subscriber,
  };
  return { customer, named };
}

/** The customer's number as a call's record writes it, one of the telephony's ways. */
export function dialledNumber(customer: Customer, rng: Random): string {
  return rng.pick(DIALLED)(customer.digits);
}
