import { describe, expect, it } from 'vitest';
import { dottedDate, isoDate, parseDayArgument, parseIsoDate, validDate, type LocalDate } from '../../src/calendar/local-date';
import { CalendarDataError, parseTransfers, publicHoliday, RU_TRANSFERS } from '../../src/calendar/russia';
import { PUBLIC_CALENDAR, workCalendar, type CalendarReason } from '../../src/calendar/work-calendar';

const MON_FRI = [1, 2, 3, 4, 5];
const d = (text: string): LocalDate => {
  const date = parseIsoDate(text);
  if (!date) throw new Error(`not a date: ${text}`);
  return date;
};

describe('the production calendar (five-day week, no account marks)', () => {
  it.each<[string, boolean, CalendarReason['kind'], string]>([
    // 2024, decree No. 1314: three working Saturdays.
    ['2024-04-27', true, 'moved-working', 'Saturday worked, its rest moved to 29 April'],
    ['2024-04-29', false, 'moved-off', 'Monday off'],
    ['2024-04-30', false, 'moved-off', 'Tuesday off (from 2 November)'],
    ['2024-11-02', true, 'moved-working', 'Saturday worked'],
    ['2024-12-28', true, 'moved-working', 'Saturday worked'],
    ['2024-12-30', false, 'moved-off', 'Monday off'],
    ['2024-12-31', false, 'moved-off', 'Tuesday off (from 7 January)'],
    // 2025, decree No. 1335.
    ['2025-02-23', false, 'holiday', 'Sunday holiday'],
    ['2025-02-24', true, 'weekday', 'Monday works: the rest of 23 February moved to 8 May'],
    ['2025-03-10', true, 'weekday', 'Monday works: the rest of 8 March moved to 13 June'],
    ['2025-05-08', false, 'moved-off', 'Thursday off'],
    ['2025-06-13', false, 'moved-off', 'Friday off'],
    ['2025-11-01', true, 'moved-working', 'Saturday worked, its rest moved to 3 November'],
    ['2025-11-03', false, 'moved-off', 'Monday off'],
    ['2025-11-04', false, 'holiday', 'Unity Day'],
    ['2025-12-31', false, 'moved-off', 'Wednesday off (from 5 January)'],
    // 2026, decree No. 1466 and art. 112 part 2.
    ['2026-01-01', false, 'holiday', 'New Year'],
    ['2026-01-03', false, 'holiday', 'a New Year holiday on a Saturday stays off though its rest moved'],
    ['2026-01-07', false, 'holiday', 'Christmas'],
    ['2026-01-08', false, 'holiday', 'New Year holidays'],
    ['2026-01-09', false, 'moved-off', 'Friday off (from 3 January)'],
    ['2026-01-10', false, 'weekday', 'Saturday'],
    ['2026-01-12', true, 'weekday', 'the first working day of 2026'],
    ['2026-02-23', false, 'holiday', 'Defender of the Fatherland Day, a Monday'],
    ['2026-03-06', true, 'weekday', 'Friday before 8 March'],
    ['2026-03-08', false, 'holiday', "Women's Day, a Sunday"],
    ['2026-03-09', false, 'moved-off', 'Monday off (art. 112 part 2)'],
    ['2026-03-10', true, 'weekday', 'Tuesday'],
    ['2026-05-11', false, 'moved-off', 'Monday off (9 May is a Saturday)'],
    ['2026-06-12', false, 'holiday', 'Russia Day'],
    ['2026-11-04', false, 'holiday', 'Unity Day, a Wednesday'],
    ['2026-12-31', false, 'moved-off', 'Thursday off (from 4 January)'],
    // 2027 is not covered: holidays apply, transfers are unknown.
    ['2027-01-04', false, 'holiday', 'a New Year holiday in an uncovered year'],
    ['2027-05-10', true, 'weekday', 'Monday after a Sunday 9 May: no transfer is guessed'],
    ['2027-12-31', true, 'weekday', 'Friday: no transfer is guessed'],
  ])('%s → working %s (%s): %s', (date, working, kind) => {
    const verdict = PUBLIC_CALENDAR.verdict(d(date), MON_FRI);
    expect({ working: verdict.working, kind: verdict.calendar.kind, own: verdict.own }).toEqual({ working, kind, own: null });
  });

  it('says where a moved day comes from and goes to', () => {
    expect(PUBLIC_CALENDAR.verdict(d('2026-01-09'), MON_FRI).calendar).toEqual({ kind: 'moved-off', from: d('2026-01-03') });
    expect(PUBLIC_CALENDAR.verdict(d('2025-11-01'), MON_FRI).calendar).toEqual({ kind: 'moved-working', to: d('2025-11-03') });
    expect(PUBLIC_CALENDAR.verdict(d('2026-05-01'), MON_FRI).calendar).toEqual({ kind: 'holiday', holiday: 'spring-labour-day' });
  });

  it('covers 2024–2026 and says when the data was checked', () => {
    expect(PUBLIC_CALENDAR.coveredYears).toEqual([2024, 2025, 2026]);
    expect(PUBLIC_CALENDAR.updated).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('knows the fourteen holidays of art. 112 and nothing else', () => {
    const all: string[] = [];
    for (let date: LocalDate | null = d('2026-01-01'); date && date.year === 2026; date = validDate(2026, date.month, date.day + 1) ?? validDate(2026, date.month + 1, 1)) {
      if (publicHoliday(date.month, date.day)) all.push(isoDate(date).slice(5));
    }
    expect(all).toEqual(['01-01', '01-02', '01-03', '01-04', '01-05', '01-06', '01-07', '01-08', '02-23', '03-08', '05-01', '05-09', '06-12', '11-04']);
  });

  it("in every covered year, each holiday outside January that falls on a weekend has its day off moved (art. 112 part 2 or the decree)", () => {
    for (const year of RU_TRANSFERS.years) {
      const onWeekends = ['02-23', '03-08', '05-01', '05-09', '06-12', '11-04'].map((md) => d(`${year}-${md}`)).filter((date) => [0, 6].includes(new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay()));
      const movedFrom = new Set(RU_TRANSFERS.transfers.map((t) => isoDate(t.from)));
      expect(onWeekends.map(isoDate).filter((date) => !movedFrom.has(date))).toEqual([]);
    }
  });

  it('counts the working days of 2026 as the production calendar does: 247', () => {
    let working = 0;
    for (let i = 0; i < 365; i++) {
      const date = new Date(Date.UTC(2026, 0, 1 + i));
      if (PUBLIC_CALENDAR.isWorkingDay({ year: 2026, month: date.getUTCMonth() + 1, day: date.getUTCDate() }, MON_FRI)) working++;
    }
    expect(working).toBe(247);
  });
});

describe("an account's own marks", () => {
  const calendar = workCalendar([
    { day: d('2026-12-30'), working: false },
    { day: d('2026-11-04'), working: true },
    { day: d('2026-11-28'), working: true },
    { day: d('2026-01-09'), working: true },
  ]);

  it.each([
    ['2026-12-30', false, 'a Wednesday made a day off'],
    ['2026-11-04', true, 'a holiday made a working day'],
    ['2026-11-28', true, 'a Saturday made a working day'],
    ['2026-01-09', true, 'a moved day off made a working day'],
    ['2026-12-29', true, 'the day before is untouched'],
  ])('%s → working %s: %s', (date, working) => {
    const verdict = calendar.verdict(d(date), MON_FRI);
    expect(verdict.working).toBe(working);
  });

  it('win over the calendar but keep its reason', () => {
    expect(calendar.verdict(d('2026-11-04'), MON_FRI)).toEqual({ date: d('2026-11-04'), working: true, calendar: { kind: 'holiday', holiday: 'unity-day' }, own: true });
  });

  it("follow the account's working days: Saturday is ordinary for a six-day week", () => {
    const sixDays = [1, 2, 3, 4, 5, 6];
    expect(PUBLIC_CALENDAR.isWorkingDay(d('2026-11-28'), sixDays)).toBe(true);
    expect(PUBLIC_CALENDAR.isWorkingDay(d('2026-01-03'), sixDays)).toBe(false);
  });

  it('change the fingerprint, which is the same for the same marks', () => {
    expect(calendar.fingerprint).not.toBe(PUBLIC_CALENDAR.fingerprint);
    expect(workCalendar([{ day: d('2026-12-30'), working: false }]).fingerprint).toBe(workCalendar([{ day: d('2026-12-30'), working: false }]).fingerprint);
  });

  it('departures: what departs from the working week or is marked, over a span', () => {
    const list = calendar.departures(d('2026-11-01'), 61, MON_FRI).map((v) => `${isoDate(v.date)} ${v.working ? 'work' : 'off'}${v.own === null ? '' : ' own'}`);
    expect(list).toEqual(['2026-11-04 work own', '2026-11-28 work own', '2026-12-30 off own', '2026-12-31 off']);
    expect(PUBLIC_CALENDAR.departures(d('2026-01-01'), 14, MON_FRI).map((v) => isoDate(v.date))).toEqual(['2026-01-01', '2026-01-02', '2026-01-05', '2026-01-06', '2026-01-07', '2026-01-08', '2026-01-09']);
  });
});

describe('the bundled data file is checked', () => {
  const file = (transfers: unknown[]) => ({ source: 'test', updated: '2026-12-04', years: { '2026': { decree: 'test', sources: ['test'], transfers } } });

  it.each([
    [{ from: '2026-01-05', to: '2026-01-09', basis: 'decree' }, 'is not a Saturday or Sunday'],
    [{ from: '2026-01-03', to: '2026-01-10', basis: 'decree' }, 'is not a weekday'],
    [{ from: '2026-01-03', to: '2026-02-23', basis: 'decree' }, 'is a public holiday already'],
    [{ from: '2026-01-03', to: '2027-01-11', basis: 'decree' }, 'both dates must be in 2026'],
    [{ from: '2026-02-30', to: '2026-03-02', basis: 'decree' }, 'not a YYYY-MM-DD date'],
    [{ from: '2026-01-03', to: '2026-01-09', basis: 'guess' }, 'basis'],
  ])('%j is refused: %s', (transfer, problem) => {
    expect(() => parseTransfers(file([transfer]), 'test.json')).toThrow(CalendarDataError);
    expect(() => parseTransfers(file([transfer]), 'test.json')).toThrow(problem);
  });

  it('refuses a day moved to twice', () => {
    const twice = file([
      { from: '2026-01-03', to: '2026-01-09', basis: 'decree' },
      { from: '2026-01-04', to: '2026-01-09', basis: 'decree' },
    ]);
    expect(() => parseTransfers(twice, 'test.json')).toThrow('2026-01-09 is moved to twice');
  });
});

describe('a date as an admin writes it', () => {
  const today = d('2026-12-04');
  it.each([
    ['31.12', '2026-12-31'],
    ['4.12', '2026-12-04'],
    ['03.12', '2027-12-03'],
    ['1.1', '2027-01-01'],
    ['29.02', '2028-02-29'],
    ['31.12.2026', '2026-12-31'],
    ['09.01.2025', '2025-01-09'],
    ['2027-05-10', '2027-05-10'],
  ])('%s → %s', (text, expected) => {
    expect(isoDate(parseDayArgument(text, today)!)).toBe(expected);
  });

  it.each(['32.13', '31.04', '29.02.2027', '31.12.20266', '31.12.1999', '2026-13-01', '31/12', '31.12.', 'завтра', ''])('%j is no date', (text) => {
    expect(parseDayArgument(text, today)).toBeNull();
  });

  it('writes a date as people read it', () => {
    expect(dottedDate(d('2027-01-09'))).toBe('09.01.2027');
  });
});
