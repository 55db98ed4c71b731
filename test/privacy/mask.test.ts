import { describe, expect, it } from 'vitest';
import { MASK, maskContacts } from '../../src/privacy/contacts';
import { isPersonalName, maskPersonalNames } from '../../src/privacy/names';
import { freeTextIn, maskPersonalData } from '../../src/privacy/policy';
import { textFormFor } from '../../src/privacy/reader';

describe('maskContacts', () => {
  it.each([
    ['+7 (916) 123-45-67', `${MASK}`],
    ['8-916-123-45-67', `${MASK}`],
    ['89161234567', `${MASK}`],
    ['+79161234567', `${MASK}`],
    ['+7916 123 45 67', `${MASK}`],
    ['8 800 555-35-35', `${MASK}`],
    ['8.916.123.45.67', `${MASK}`],
    ['8 (916) 123 45 67', `${MASK}`],
    ['+7(495)1234567', `${MASK}`],
    ['9161234567', `${MASK}`],
    ['+44 20 7946 0958', `${MASK}`],
    ['+375 29 123-45-67', `${MASK}`],
    ['тел. 123-45-67 (городской)', `тел. ${MASK} (городской)`],
    ['Иванов Пётр +7 916 123-45-67', `Иванов Пётр ${MASK}`],
    ['ООО Ромашка / Ольга 8(903)555-12-12 olga@mail.ru', `ООО Ромашка / Ольга ${MASK} ${MASK}`],
    ['почта: o.smirnova+crm@yandex.ru.', `почта: ${MASK}.`],
    ['Написать в телеграм @olga_k или t.me/olga_k', `Написать в телеграм ${MASK} или ${MASK}`],
    ['WhatsApp: https://wa.me/79161234567', `WhatsApp: ${MASK}`],
    ['89161234567, 89031112233', `${MASK}, ${MASK}`],
    ['+79161234567,89031112233', `${MASK},${MASK}`],
    ['+7 916 123-45-67, 123-45-67', `${MASK}, ${MASK}`],
    ['тел. 123 45 67 или 123.45.67, 123 4567', `тел. ${MASK} или ${MASK}, ${MASK}`],
    ['ivan@xn--80a1acny.xn--p1ai', MASK],
    ['vk.com/olga.k, ig @olga.k, vk.me/olga_k', `${MASK}, ig ${MASK}, ${MASK}`],
    ['ok.ru/profile/575123 instagram.com/olga_k tg://resolve?domain=olga_k', `${MASK} ${MASK} ${MASK}`],
  ])('%s → %s', (text, masked) => {
    expect(maskContacts(text)).toBe(masked);
  });

  it.each([
    'Счёт №12345 на 150 000 ₽',
    'Кредит одобрен, ждём аванс 1 500 000',
    'Перезвонить после 15:00, 2 раза',
    'Лада Гранта 2024, комплектация «Комфорт»',
    'КП от 03.12.2026',
    'Заказ 1 200 000 руб',
  ])('leaves ordinary text alone: %s', (text) => {
    expect(maskContacts(text)).toBe(text);
  });
});

describe('maskPersonalNames', () => {
  it.each([
    ['Иванов Пётр', `${MASK} ${MASK}`],
    ['Перезвонить Ольге', `Перезвонить ${MASK}`],
    ['перезвонить ольге', `перезвонить ${MASK}`],
    ['иванову отправить кп', `${MASK} отправить кп`],
    ['Встреча с Петром Сергеевичем в офисе', `Встреча с ${MASK} ${MASK} в офисе`],
    ['Договор для Смирновой И.И.', `Договор для ${MASK} ${MASK}`],
    ['Иванов И. И.', `${MASK} ${MASK}`],
    ['Замер кухни, Римский-Корсаков', `Замер кухни, ${MASK}`],
    ['ИВАНОВ ПЁТР', `${MASK} ${MASK}`],
    ['ИВАНОВ И.И.', `${MASK} ${MASK}`],
    ['Иванов И.И', `${MASK} ${MASK}`],
    ['Серёжа', MASK],
  ])('%s → %s', (text, masked) => {
    expect(maskPersonalNames(text)).toBe(masked);
  });

  it.each([
    'Подготовить договор',
    'Согласовать скидку с директором',
    'Позвонить в пятницу после обеда',
    'И ещё: клиенту нужна вера в продукт',
    'Отправить коммерческое предложение',
    'ООО Ромашка',
    'ООО Ромашка, ИП, КП, НДС, РФ, СПб',
    'СРОЧНО ПЕРЕЗВОНИТЬ КЛИЕНТУ',
  ])('leaves ordinary words alone: %s', (text) => {
    expect(maskPersonalNames(text)).toBe(text);
  });

  it('takes a capitalised word that may be a name as one (the safe side), a lower-case one only when it reads as a name first', () => {
    expect(isPersonalName('Вера')).toBe(true);
    expect(isPersonalName('вера')).toBe(false);
    expect(isPersonalName('Клиенту')).toBe(false);
    expect(isPersonalName('Olga')).toBe(false);
  });
});

describe('the text forms', () => {
  const text = 'Перезвонить Ольге 89035551212';

  it('shows free text as typed, masked, or not at all', () => {
    expect(freeTextIn('as-typed', text)).toBe(text);
    expect(freeTextIn('masked', text)).toBe(`Перезвонить ${MASK} ${MASK}`);
    expect(maskPersonalData(text)).toBe(`Перезвонить ${MASK} ${MASK}`);
    expect(freeTextIn('strict', text)).toBeNull();
  });

  it.each([
    ['a soft hyphen', 'Кузне\u00adцов Дмит\u00adрий'],
    ['a zero-width space', 'Кузне\u200bцов Дмитрий'],
    ['a stress mark', 'Кузнецо\u0301в Дмитрий'],
  ])('a name split by %s is still found', (_what, text) => {
    expect(maskPersonalData(text)).toBe(`${MASK} ${MASK}`);
  });

  it.each([
    [{ chat: 'group' as const }, 'strict'],
    [{ chat: 'private' as const, crmUserId: 'm1' }, 'as-typed'],
    [{ chat: 'private' as const, crmUserId: 'sup' }, 'as-typed'],
    [{ chat: 'private' as const, crmUserId: 'm2' }, 'strict'],
    [{ chat: 'private' as const, crmUserId: null }, 'strict'],
  ])('a deal of m1 (supervisor sup) read by %o is shown %s', (reader, form) => {
    expect(textFormFor(reader, { managerId: 'm1', supervisorId: 'sup' }, 'strict')).toBe(form);
  });

  it('everyone who is not the deal\'s own people gets the account\'s mode', () => {
    expect(textFormFor({ chat: 'group' }, { managerId: 'm1', supervisorId: null }, 'masked')).toBe('masked');
    expect(textFormFor({ chat: 'private', crmUserId: 'm2' }, { managerId: 'm1', supervisorId: null }, 'masked')).toBe('masked');
  });
});
