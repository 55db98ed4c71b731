import { describe, expect, it } from 'vitest';
import type { LocalDate } from '../../src/calendar/local-date';
import { nearestDate, parseAway, parseShift } from '../../src/schedules/parse';

const TODAY: LocalDate = { year: 2026, month: 12, day: 4 };
const d = (day: number, month: number, year = 2026): LocalDate => ({ year, month, day });

describe('/shift as typed', () => {
  it.each([
    ['Ипполит 3/3 с 01.12 09:00-21:00', { name: 'Ипполит', pattern: { kind: 'cycle', on: 3, off: 3, start: d(1, 12), from: '09:00', to: '21:00' } }],
    ['Ипполит Матвеевич 2/2 с 05.12.2026 8:00-20:00', { name: 'Ипполит Матвеевич', pattern: { kind: 'cycle', on: 2, off: 2, start: d(5, 12), from: '08:00', to: '20:00' } }],
    ['Ипполит 1/3 09:00-09:00', { name: 'Ипполит', pattern: { kind: 'cycle', on: 1, off: 3, start: TODAY, from: '09:00', to: '09:00' } }],
    ['Ипполит 3/3 21:00 - 09:00 с 10.12', { name: 'Ипполит', pattern: { kind: 'cycle', on: 3, off: 3, start: d(10, 12), from: '21:00', to: '09:00' } }],
    ['Ипполит пн-пт 10:00-19:00', { name: 'Ипполит', pattern: { kind: 'weekly', days: [1, 2, 3, 4, 5], from: '10:00', to: '19:00' } }],
    ['Ипполит 12:00-24:00 сб,вс', { name: 'Ипполит', pattern: { kind: 'weekly', days: [6, 7], from: '12:00', to: '00:00' } }],
    ['Ипполит сброс', { name: 'Ипполит', reset: true }],
    ['Ippolit reset', { name: 'Ippolit', reset: true }],
  ])('%s', (text, expected) => {
    expect(parseShift(text, TODAY)).toEqual({ ok: expected });
  });

  it.each([
    ['', 'no-name'],
    ['3/3 09:00-21:00', 'no-name'],
    ['Ипполит', 'no-schedule'],
    ['Ипполит 09:00-18:00', 'no-schedule'],
    ['Ипполит 3/3', 'no-hours'],
    ['Ипполит 0/3 09:00-21:00', 'bad-cycle'],
    ['Ипполит 30/3 09:00-21:00', 'bad-cycle'],
    ['Ипполит 3/3 25:00-21:00', 'bad-hours'],
    ['Ипполит 3/3 09:00-21:70', 'bad-hours'],
    ['Ипполит 3/3 с 31.02 09:00-21:00', 'bad-date'],
    ['Ипполит 3/3 с 09:00-21:00', 'bad-date'],
    ['Ипполит 3/3 пн-пт 09:00-21:00', 'bad-days'],
    ['Ипполит 3/3 09:00-21:00 всегда', 'unknown-word'],
    ['Ипполит сброс сейчас', 'unknown-word'],
  ])('%s → %s', (text, error) => {
    expect(parseShift(text, TODAY)).toMatchObject({ error });
  });
});

describe('/away as typed', () => {
  it.each([
    ['Ипполит 10.12-20.12 отпуск', { name: 'Ипполит', add: { kind: 'vacation', from: d(10, 12), to: d(20, 12) } }],
    ['Ипполит 10.12 – 20.12', { name: 'Ипполит', add: { kind: 'vacation', from: d(10, 12), to: d(20, 12) } }],
    ['Ипполит с 28.12 по 05.01 отпуск', { name: 'Ипполит', add: { kind: 'vacation', from: d(28, 12), to: d(5, 1, 2027) } }],
    // Written after it began: sick since yesterday.
    ['Ипполит 03.12-05.12 больничный', { name: 'Ипполит', add: { kind: 'sick', from: d(3, 12), to: d(5, 12) } }],
    ['Ипполит 07.12', { name: 'Ипполит', add: { kind: 'day_off', from: d(7, 12), to: d(7, 12) } }],
    ['Ипполит Матвеевич 11.01.2027 отгул', { name: 'Ипполит Матвеевич', add: { kind: 'day_off', from: d(11, 1, 2027), to: d(11, 1, 2027) } }],
    ['Ипполит убрать 15.12', { name: 'Ипполит', remove: d(15, 12) }],
    ['Ипполит до 10.12 больничный', { name: 'Ипполит', add: { kind: 'sick', from: TODAY, to: d(10, 12) } }],
    ['Ипполит Матвеевич по 06.12', { name: 'Ипполит Матвеевич', add: { kind: 'vacation', from: TODAY, to: d(6, 12) } }],
    ['Ипполит', { name: 'Ипполит', list: true }],
  ])('%s', (text, expected) => {
    expect(parseAway(text, TODAY)).toEqual({ ok: expected });
  });

  it.each([
    ['', 'no-name'],
    ['10.12-20.12', 'no-name'],
    ['Ипполит убрать', 'no-dates'],
    ['Ипполит убрать вчера', 'bad-date'],
    ['Ипполит 32.12-20.12', 'bad-date'],
    ['Ипполит 20.12.2026-10.12.2026', 'dates-reversed'],
    ['Ипполит 01.01.2027-05.01.2028', 'too-long'],
    ['Ипполит 10.12-20.12 командировка', 'unknown-word'],
    ['Ипполит 10.12 11.12 12.12', 'unknown-word'],
  ])('%s → %s', (text, error) => {
    expect(parseAway(text, TODAY)).toMatchObject({ error });
  });
});

describe('a date without a year', () => {
  it.each([
    ['10.12', d(10, 12)],
    ['01.12', d(1, 12)],
    ['15.01', d(15, 1, 2027)],
    ['01.06', d(1, 6, 2027)],
    ['10.12.2025', d(10, 12, 2025)],
  ])('%s is the nearest: %o', (text, expected) => {
    expect(nearestDate(text, TODAY)).toEqual(expected);
  });

  it('is no date when no year near today has it (29.02 needs its year)', () => {
    expect(nearestDate('29.02', TODAY)).toBeNull();
    expect(nearestDate('29.02.2028', TODAY)).toEqual(d(29, 2, 2028));
  });
});
