import type { DealKind } from './pipelines';
import type { Random } from './random';

/**
 * The people behind retail deals, the way sales people type them into a
 * CRM: «Пневмобаллон BMW X5 — Смирнова Елена, 8 (916) 482-17-39». The demo
 * carries them so that the bot's privacy policy is visible: group chats
 * show «Сделка №…» or «•••» where these stand.
 */
export interface Customer {
  /** «Елена Смирнова» */
  name: string;
  /** «Смирнова Елена», as a deal is named after the customer. */
  listed: string;
  phone: string;
}

/** Of the deals people buy for their own car, this share is named after the customer. */
const NAMED_SHARE = 0.5;

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
 * The deal's customer, drawn from the deal's own customer stream (so adding
 * customers changed no other draw of the demo), or null where the deal is
 * not named after a person: wholesale lots are bought by companies.
 */
export function customerFor(kind: DealKind, rng: Random): Customer | null {
  if (kind === 'wholesale' || !rng.chance(NAMED_SHARE)) return null;
  const [first, last] = rng.pick(rng.chance(0.5) ? MEN : WOMEN);
  const digits = String(rng.int(0, 9_999_999)).padStart(7, '0');
  return { name: `${first} ${last}`, listed: `${last} ${first}`, phone: rng.pick(WRITINGS)(rng.pick(OPERATORS), digits) };
}
