import { describe, expect, it } from 'vitest';
import { PUBLIC_CALENDAR } from '../../src/calendar/work-calendar';
import type { Absence } from '../../src/schedules/model';
import { awayThroughout, workTimeFingerprint, type WorkTime } from '../../src/schedules/work-time';

const msk = (local: string) => new Date(`${local}+03:00`).getTime();
const day = (iso: string) => {
  const [year, month, d] = iso.split('-').map(Number);
  return { year: year!, month: month!, day: d! };
};
const absence = (kind: Absence['kind'], from: string, to: string): Absence => ({ kind, from: day(from), to: day(to) });
const work: WorkTime = {
  calendar: PUBLIC_CALENDAR,
  personal: new Map([
    ['m1', { pattern: null, absences: [absence('vacation', '2026-12-10', '2026-12-20'), absence('day_off', '2026-12-21', '2026-12-21')] }],
    ['m2', { pattern: null, absences: [] }],
  ]),
};

describe("a finding's life within its manager's absences", () => {
  it.each<[string, string | null, string, string, boolean]>([
    ['begun and ended within the vacation', 'm1', '2026-12-11T10:00:00', '2026-12-15T18:00:00', true],
    ["from the vacation's first minute to its last", 'm1', '2026-12-10T00:00:00', '2026-12-21T00:00:00', true],
    ['on into the day off that follows it', 'm1', '2026-12-19T10:00:00', '2026-12-21T23:00:00', true],
    ['begun the day before the vacation', 'm1', '2026-12-09T18:30:00', '2026-12-12T10:00:00', false],
    ['ended after the absences', 'm1', '2026-12-15T10:00:00', '2026-12-22T09:30:00', false],
    ['ended at the midnight the absences end', 'm1', '2026-12-15T10:00:00', '2026-12-22T00:00:00', true],
    ['a manager with no absences', 'm2', '2026-12-11T10:00:00', '2026-12-12T10:00:00', false],
    ['nobody responsible', null, '2026-12-11T10:00:00', '2026-12-12T10:00:00', false],
    ['someone with no schedule at all', 'm9', '2026-12-11T10:00:00', '2026-12-12T10:00:00', false],
  ])('%s (%s): %s → %s is %s', (_, personId, from, to, expected) => {
    expect(awayThroughout(work, personId, msk(from), msk(to), 'Europe/Moscow')).toBe(expected);
  });
});

describe('the work-time fingerprint that kept report points are keyed by', () => {
  const base = (extra: object) => ({ calendar: PUBLIC_CALENDAR, personal: new Map([['m1', { pattern: null, absences: [{ ...absence('vacation', '2026-12-10', '2026-12-20'), ...extra }] }]]) });

  it('changes with what the clock reads, not with who set it or the row it came from', () => {
    expect(workTimeFingerprint(base({ id: 1, actor: '1001', at: 1 }))).toBe(workTimeFingerprint(base({ id: 7, actor: 'cli', at: 99 })));
    expect(workTimeFingerprint(base({}))).not.toBe(workTimeFingerprint({ ...work, personal: new Map([['m1', { pattern: null, absences: [absence('vacation', '2026-12-10', '2026-12-21')] }]]) }));
    expect(workTimeFingerprint(base({}))).not.toBe(workTimeFingerprint({ calendar: PUBLIC_CALENDAR, personal: new Map() }));
  });
});
