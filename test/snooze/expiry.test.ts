import { describe, expect, it } from 'vitest';
import { parseSnoozeArgs } from '../../src/snooze/args';
import { parseExpiry } from '../../src/snooze/expiry';
import { SnoozeIndex, topReasons, type Snooze } from '../../src/snooze/model';
import { readSnoozeData, snoozeData } from '../../src/snooze/callbacks';

const MSK = 'Europe/Moscow';
const at = (iso: string) => Date.parse(iso);

describe('parseExpiry: the day a snoozed finding is back, at 00:00 in the account\'s timezone', () => {
  it.each([
    // now (Moscow)                  typed               back on (00:00 MSK)            days
    ['2026-11-23T10:00:00+03:00', '1 неделя', '2026-11-30T00:00:00+03:00', 7],
    ['2026-11-23T10:00:00+03:00', 'неделя', '2026-11-30T00:00:00+03:00', 7],
    ['2026-11-23T10:00:00+03:00', '2 недели', '2026-12-07T00:00:00+03:00', 14],
    ['2026-11-23T10:00:00+03:00', '3 дня', '2026-11-26T00:00:00+03:00', 3],
    ['2026-11-23T10:00:00+03:00', '1 день', '2026-11-24T00:00:00+03:00', 1],
    ['2026-11-23T10:00:00+03:00', 'до конца месяца', '2026-12-01T00:00:00+03:00', 8],
    ['2026-12-31T23:30:00+03:00', 'до конца месяца', '2027-01-01T00:00:00+03:00', 1],
    ['2026-11-23T10:00:00+03:00', 'до 15.01', '2027-01-15T00:00:00+03:00', 53],
    ['2026-11-23T10:00:00+03:00', '15.01.2027', '2027-01-15T00:00:00+03:00', 53],
    ['2026-11-23T10:00:00+03:00', '1 месяц', '2026-12-23T00:00:00+03:00', 30],
    ['2027-01-31T10:00:00+03:00', '1 month', '2027-02-28T00:00:00+03:00', 28],
    ['2026-11-23T10:00:00+03:00', '1 week', '2026-11-30T00:00:00+03:00', 7],
    ['2026-11-23T10:00:00+03:00', '3 days', '2026-11-26T00:00:00+03:00', 3],
    ['2026-11-23T10:00:00+03:00', 'end of month', '2026-12-01T00:00:00+03:00', 8],
    ['2026-11-23T10:00:00+03:00', 'until 15.01', '2027-01-15T00:00:00+03:00', 53],
    // 23:30 UTC on the 22nd is already the 23rd in Moscow: days count from the local date.
    ['2026-11-22T23:30:00Z', '1 неделя', '2026-11-30T00:00:00+03:00', 7],
  ])('at %s «%s» → back on %s (%i days)', (now, text, back, days) => {
    const result = parseExpiry(text, at(now), MSK);
    expect(result).toEqual({ ok: true, expiry: expect.objectContaining({ until: at(back), days }) });
  });

  it.each([
    ['', 'empty'],
    ['когда-нибудь', 'unrecognized'],
    ['5 лет', 'unrecognized'],
    ['31.02', 'unrecognized'],
    ['23.11.2026', 'past'],
    ['0 дней', 'past'],
    ['400 дней', 'too-far'],
    ['01.01.2028', 'too-far'],
  ])('«%s» → %s', (text, problem) => {
    expect(parseExpiry(text, at('2026-11-23T10:00:00+03:00'), MSK)).toEqual({ ok: false, problem });
  });
});

describe('parseSnoozeArgs', () => {
  const now = at('2026-11-23T10:00:00+03:00');
  it.each([
    ['сделка 123 2 недели ждём оплату', { scope: 'deal', targetId: '123', reason: 'payment', note: null }],
    ['задача 55 до конца месяца клиент в отпуске', { scope: 'task', targetId: '55', reason: 'away', note: null }],
    ['deal 9 1 week season', { scope: 'deal', targetId: '9', reason: 'season', note: null }],
    ['сделка 7 3 дня переезжают офисом', { scope: 'deal', targetId: '7', reason: 'other', note: 'переезжают офисом' }],
  ])('%s', (text, expected) => {
    expect(parseSnoozeArgs(text, now, MSK)).toMatchObject(expected);
  });
  it.each([
    ['', 'usage'],
    ['сделка', 'bad-target'],
    ['сделка 1', 'no-expiry'],
    ['сделка 1 2 недели', 'no-reason'],
    ['сделка 1 вчера отпуск', 'bad-expiry'],
  ])('«%s» → %s', (text, problem) => {
    expect(parseSnoozeArgs(text, now, MSK)).toMatchObject({ problem });
  });
});

describe('what a snooze hides', () => {
  const snooze = (fields: Partial<Snooze>): Snooze => ({
    id: 1, scope: 'deal', targetId: 'd1', dealId: 'd1', managerId: 'm1', taskDueAt: null, reason: 'away', note: null,
    until: at('2026-11-30T00:00:00+03:00'), status: 'active', createdBy: '1', createdAt: 0, ...fields,
  });
  it.each([
    // finding                                    snoozes                                          at                              hidden
    [{ dealId: 'd1', taskId: null }, [snooze({})], '2026-11-29T23:59:00+03:00', true],
    [{ dealId: 'd1', taskId: 't1' }, [snooze({})], '2026-11-29T23:59:00+03:00', true],
    [{ dealId: 'd1', taskId: null }, [snooze({})], '2026-11-30T00:00:00+03:00', false],
    [{ dealId: 'd1', taskId: null }, [snooze({ status: 'pending' })], '2026-11-24T10:00:00+03:00', false],
    [{ dealId: 'd2', taskId: null }, [snooze({})], '2026-11-24T10:00:00+03:00', false],
    [{ dealId: 'd1', taskId: 't1' }, [snooze({ scope: 'task', targetId: 't1' })], '2026-11-24T10:00:00+03:00', true],
    [{ dealId: 'd1', taskId: null }, [snooze({ scope: 'task', targetId: 't1' })], '2026-11-24T10:00:00+03:00', false],
    [{ dealId: null, taskId: null }, [snooze({})], '2026-11-24T10:00:00+03:00', false],
  ] as const)('%o under %o at %s: hidden %s', (finding, snoozes, when, hidden) => {
    expect(new SnoozeIndex([...snoozes], at(when)).hides(finding)).toBe(hidden);
  });

  it('the report\'s reasons: presets by code, typed ones as other, most first', () => {
    expect(topReasons([{ reason: 'season' }, { reason: 'other' }, { reason: 'other' }, { reason: 'away' }])).toEqual([
      { reason: 'other', count: 2 },
      { reason: 'away', count: 1 },
      { reason: 'season', count: 1 },
    ]);
  });

  it('callback data round-trips and stays under 64 bytes (none for an id too long)', () => {
    const expiry = { kind: 'expiry', scope: 'task', targetId: '1234567890', reason: 'payment', expiry: 'w2' } as const;
    expect(readSnoozeData(snoozeData(expiry)!)).toEqual(expiry);
    expect(readSnoozeData(snoozeData({ kind: 'cancel', id: 42 })!)).toEqual({ kind: 'cancel', id: 42 });
    expect(snoozeData({ kind: 'start', scope: 'deal', targetId: 'x'.repeat(70) })).toBeNull();
    expect(readSnoozeData('zz:t:t1:q')).toBeNull();
  });
});
