import { afterEach, describe, expect, it } from 'vitest';
import { FixedClock } from '../../src/clock';
import { parseConfig } from '../../src/config';
import { auditLog, calendarDays } from '../../src/db/schema';
import { loadRouting } from '../../src/jobs/routing';
import { createLogger } from '../../src/logger';
import { defaultNorms } from '../../src/norms/defaults';
import type { Person } from '../../src/people/directory';
import { routePing } from '../../src/pings/route';
import { accountCalendar, listCalendarDays, markCalendarDay, unmarkCalendarDay } from '../../src/settings/calendar-days';
import { tempDatabase } from '../support/temp-db';

let db: ReturnType<typeof tempDatabase> | undefined;
afterEach(() => db?.dispose());

const msk = (local: string) => Date.parse(`${local}+03:00`);
const FRIDAY = { year: 2026, month: 11, day: 27 };

describe("an account's own calendar days, stored", () => {
  it('marks, re-marks and removes a day, each change audited; the same mark twice writes nothing', () => {
    db = tempDatabase();
    expect(markCalendarDay(db.db, 'main', FRIDAY, false, '1001', 10)).toBe(true);
    expect(markCalendarDay(db.db, 'main', FRIDAY, false, '1001', 11)).toBe(false);
    expect(listCalendarDays(db.db, 'main')).toEqual([{ day: FRIDAY, working: false, actor: '1001', at: 10 }]);
    expect(accountCalendar(db.db, 'main').isWorkingDay(FRIDAY, [1, 2, 3, 4, 5])).toBe(false);

    expect(markCalendarDay(db.db, 'main', FRIDAY, true, '1002', 12)).toBe(true);
    expect(listCalendarDays(db.db, 'main')).toEqual([{ day: FRIDAY, working: true, actor: '1002', at: 12 }]);
    expect(unmarkCalendarDay(db.db, 'main', FRIDAY, '1001', 13)).toBe(true);
    expect(unmarkCalendarDay(db.db, 'main', FRIDAY, '1001', 14)).toBe(false);
    expect(db.db.select().from(calendarDays).all()).toEqual([]);

    expect(db.db.select().from(auditLog).all().map(({ action, subject, before, after, actor, at }) => ({ action, subject, before, after, actor, at }))).toEqual([
      { action: 'calendar.marked', subject: '2026-11-27', before: null, after: { working: false }, actor: '1001', at: 10 },
      { action: 'calendar.marked', subject: '2026-11-27', before: { working: false }, after: { working: true }, actor: '1002', at: 12 },
      { action: 'calendar.unmarked', subject: '2026-11-27', before: { working: true }, after: null, actor: '1001', at: 13 },
    ]);
  });

  it("pings wait over the account's own day off and over public holidays", () => {
    db = tempDatabase();
    markCalendarDay(db.db, 'main', FRIDAY, false, '1001', 0);
    const ctx = { config: parseConfig({ LOG_LEVEL: 'silent' }), handle: db, clock: new FixedClock(new Date(0)), logger: createLogger('silent') };
    const { policy } = loadRouting(ctx, defaultNorms('Europe/Moscow'));
    const manager: Person = {
      crmUserId: 'm1',
      name: 'm1',
      active: true,
      groupName: null,
      supervisorId: null,
      isSupervisor: false,
      supervisorPings: null,
      link: { accountId: 'main', crmUserId: 'm1', telegramUserId: '111', telegramName: 'm1', locale: 'ru', linkedAt: 0, unreachableSince: null },
    };
    const people = new Map([['m1', manager]]);
    expect(routePing('m1', people, policy, msk('2026-11-27T10:00:00')).manager?.notBefore).toBe(msk('2026-11-30T09:00:00'));
    expect(routePing('m1', people, policy, msk('2026-11-04T10:00:00')).manager?.notBefore).toBe(msk('2026-11-05T09:00:00'));
    // A policy built without the account's calendar still follows the production calendar.
    expect(routePing('m1', people, { ...policy, work: undefined }, msk('2026-11-04T10:00:00')).manager?.notBefore).toBe(msk('2026-11-05T09:00:00'));
    expect(routePing('m1', people, { ...policy, work: undefined }, msk('2026-11-27T10:00:00')).manager?.notBefore).toBe(msk('2026-11-27T10:00:00'));
  });
});
