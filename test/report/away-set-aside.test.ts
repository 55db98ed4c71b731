import { describe, expect, it } from 'vitest';
import { PUBLIC_CALENDAR } from '../../src/calendar/work-calendar';
import { buildWeeklyReport } from '../../src/report/aggregate';
import { renderReport } from '../../src/report/build';
import type { Absence } from '../../src/schedules/model';
import type { WorkTime } from '../../src/schedules/work-time';
import { translator } from '../../src/i18n';
import { onlyRule } from '../support/fixture';
import { REPORT_AT, reportSnapshot } from '../support/report-fixture';

// The report fixture's week (to Monday 23.11.2026 12:00 Moscow): Ипполит (m1) has 4 tasks overdue since
// Sunday 22.11 and one overdue on 17.11 and done on 18.11; Анна (m2) has 2 overdue since 22.11.
const day = (month: number, d: number) => ({ year: 2026, month, day: d });
const away = (entries: [string, Absence][]): WorkTime => ({
  calendar: PUBLIC_CALENDAR,
  personal: new Map(entries.map(([id, absence]) => [id, { pattern: null, absences: [absence] }])),
});
const reportWith = (work: WorkTime) => buildWeeklyReport(reportSnapshot(), onlyRule('task_overdue'), work, REPORT_AT);
const rowOf = (report: ReturnType<typeof reportWith>, name: string) => {
  const row = report.managers.find((m) => m.name === name)!;
  return { total: row.total, setAside: row.setAside, per100: row.per100 };
};

describe("the weekly report and a manager's absences", () => {
  it.each<[string, WorkTime, { total: number; setAside: number; per100: number | null }, { total: number; setAside: number; per100: number | null }]>([
    ['nobody away', away([]), { total: 5, setAside: 0, per100: 50 }, { total: 2, setAside: 0, per100: 20 }],
    // The task late on 17.11 and done on 18.11 lived only in Ипполит's vacation; the four since 22.11 did not.
    ['Ипполит on vacation 17–18.11', away([['m1', { kind: 'vacation', from: day(11, 17), to: day(11, 18) }]]), { total: 4, setAside: 1, per100: 40 }, { total: 2, setAside: 0, per100: 20 }],
    // Away from 17.11 through the report's day: every finding of his week lived only while he was away.
    ['Ипполит sick 17–23.11', away([['m1', { kind: 'sick', from: day(11, 17), to: day(11, 23) }]]), { total: 0, setAside: 5, per100: 0 }, { total: 2, setAside: 0, per100: 20 }],
    // A day off on Sunday 22.11 only: Анна's tasks are still overdue on Monday, when she is back.
    ['Анна off on 22.11', away([['m2', { kind: 'day_off', from: day(11, 22), to: day(11, 22) }]]), { total: 5, setAside: 0, per100: 50 }, { total: 2, setAside: 0, per100: 20 }],
  ])('%s', (_, work, ippolit, anna) => {
    const report = reportWith(work);
    expect(rowOf(report, 'Ипполит')).toEqual(ippolit);
    expect(rowOf(report, 'Анна')).toEqual(anna);
    // The process broke all the same: totals, rules and stages keep every finding.
    expect(report.totals).toEqual({ violations: 8, remarks: 0 });
    expect(report.stages[0]?.total).toBe(8);
  });

  it('the report says how many were set aside for the manager', async () => {
    const report = reportWith(away([['m1', { kind: 'vacation', from: day(11, 17), to: day(11, 18) }]]));
    const rendered = await renderReport(report, 'Europe/Moscow', translator('ru'));
    expect(rendered.messages.join('\n')).toContain('<b>Ипполит</b> — 4 · 40 · ещё 1 — пока отсутствовал, не в счёт');
  });
});
