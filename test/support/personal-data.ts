import type { Snapshot } from '../../src/crm/model';
import { at, BASE, deal, task } from './fixture';

/**
 * Customers' personal data as real teams type it into a CRM, and the checks
 * that find it in what the bot sent. The checks are written apart from the
 * masking in src/privacy/ on purpose: they must not share its blind spots.
 */

/** Phone numbers in the writings sales people use, each a different number. */
export const PHONES = [
  '+7 (916) 482-17-39',
  '8-916-735-92-04',
  '89165203817',
  '+79162948371',
  '8 800 555-35-35',
  '8.916.604.71.28',
  '8 (903) 418 26 95',
  '+7(495)7390264',
  '9168153742',
  '+375 29 321-54-76',
  '+44 20 7946 0958',
  '765-43-21',
  '318 47 62',
];
export const EMAILS = ['olga@mail.ru', 'd.orlov@yandex.ru'];
export const HANDLES = ['@natasha_k', 't.me/petr_ivanov'];
/** Customers' names as they appear declined in the texts below, matched as stems. */
export const NAMES = ['Иванов', 'Пётр', 'Петр', 'Ольг', 'Смирнов', 'Елен', 'Викторовн', 'Кузнецов', 'Дмитри', 'Орлов', 'Натал'];

/**
 * Monday 23 November 2026, 10:00 Moscow: the bot tests' department
 * (Ипполит and Анна report to Сергей) whose deal names and task texts carry
 * every phone writing, e-mails, handles and customers' names.
 */
export const PERSONAL_DATA_NOW = '2026-11-23T10:00:00+03:00';

const created = at('2026-11-20T10:00:00+03:00');
const due = (time: string) => at(`2026-11-23T${time}:00+03:00`);

export const PERSONAL_DATA_SNAPSHOT: Snapshot = {
  ...BASE,
  deals: [
    deal({ id: 'd1', name: `Иванов Пётр ${PHONES[0]}`, price: 480_000, stageId: 's-work', createdAt: created, responsibleId: 'm1' }),
    deal({ id: 'd2', name: `ООО Ромашка / Ольга ${PHONES[1]} ${EMAILS[0]}`, price: 95_000, createdAt: created, responsibleId: 'm2' }),
    deal({ id: 'd3', name: `Смирнова Елена Викторовна, ${PHONES[2]}`, price: 120_000, createdAt: created, responsibleId: 'm1' }),
    deal({ id: 'd4', name: `Кузнецов Дмитрий ${PHONES[3]}`, price: 60_000, createdAt: created, responsibleId: 'm2' }),
  ],
  tasks: [
    task({ id: 't1', dealId: 'd1', responsibleId: 'm1', type: 'Звонок', text: `Перезвонить Петру Иванову ${PHONES[4]}, запасной ${PHONES[5]}`, dueAt: due('10:30'), createdAt: created }),
    task({ id: 't2', dealId: 'd2', responsibleId: 'm2', type: 'Письмо', text: `Отправить КП Ольге на ${EMAILS[0]}, копию на ${EMAILS[1]}`, dueAt: due('10:40'), createdAt: created }),
    task({ id: 't3', dealId: 'd3', responsibleId: 'm2', type: 'Звонок', text: `Наталье ${HANDLES[0]} или ${PHONES[6]}`, dueAt: due('10:40'), createdAt: created }),
    task({ id: 't4', dealId: 'd4', responsibleId: 'm2', type: 'Встреча', text: `Встреча с Кузнецовым, ${HANDLES[1]}, ${PHONES[7]} / ${PHONES[8]}`, dueAt: due('10:40'), createdAt: created }),
    task({ id: 't5', dealId: 'd4', responsibleId: 'm2', type: 'Звонок', text: `Дмитрию Орлову ${PHONES[9]}, ${PHONES[10]}, офис ${PHONES[11]}`, dueAt: due('10:40'), createdAt: created }),
    task({ id: 't6', dealId: 'd3', responsibleId: 'm1', type: '', text: `Смирновой Е.В. ${PHONES[2]}`, dueAt: null, createdAt: created }),
    // What masking must see through: capitals, a soft hyphen, two numbers joined by a comma, a local number with spaces.
    task({ id: 't7', dealId: 'd4', responsibleId: 'm2', type: 'Звонок', text: `ИВАНОВ ПЁТР: Кузне\u00adцову ${PHONES[3]},${PHONES[8]}; дом ${PHONES[12]}`, dueAt: due('10:40'), createdAt: created }),
  ],
};

/** Digits of a phone number as a reader compares them: its last seven. */
const tail = (phone: string) => phone.replace(/\D/g, '').slice(-7);

/**
 * The personal data a text holds: this fixture's phone numbers however
 * written, e-mails, handles and `names`; and with `anyContact`, any e-mail
 * address, messenger handle or phone-like digit run (ten digits and more, or
 * a local 123-45-67) at all. Logs carry epoch timestamps, so they are
 * scanned for the fixture's own data only.
 */
export function personalDataIn(text: string, options: { names?: readonly string[]; anyContact?: boolean } = {}): string[] {
  const { names = NAMES, anyContact = true } = options;
  const found: string[] = [];
  for (const item of [...EMAILS, ...HANDLES]) if (text.includes(item)) found.push(item);
  // Names compared as a reader sees them: any case, invisible characters ignored.
  const seen = text.replace(/[\p{Cf}\p{M}]/gu, '').toLocaleLowerCase('ru');
  for (const name of names) if (new RegExp(`(?<!\\p{L})${name.toLocaleLowerCase('ru')}`, 'u').test(seen)) found.push(name);
  for (const m of text.matchAll(/\+?\d[\d\s().-]*\d/g)) {
    const digits = m[0].replace(/\D/g, '');
    if (PHONES.some((p) => digits.includes(tail(p)))) found.push(m[0]);
    else if (anyContact && (digits.length >= 10 || /\d{3}[-. ]\d{2}[-. ]\d{2}/.test(m[0]))) found.push(m[0]);
  }
  if (!anyContact) return found;
  for (const m of text.matchAll(/[\w.+-]+@[\w-]+\.[\w.-]*\w/g)) found.push(m[0]);
  // A bot's own username (Telegram's end in "bot") is not a customer's.
  for (const m of text.matchAll(/(?<![\w@])@[A-Za-z]\w{3,}|(?:t\.me|wa\.me|telegram\.me)\/\w+/g)) if (!/bot$/i.test(m[0])) found.push(m[0]);
  return found;
}
