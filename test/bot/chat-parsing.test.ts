import { describe, expect, it } from 'vitest';
import { toCron } from '../../src/bot/features/settings';
import { parseSetnorm, splitArgs } from '../../src/bot/setnorm-args';
import type { ScopeCatalog } from '../../src/bot/scopes';
import { applyNormChange, parseNormValue } from '../../src/norms/edit';
import { defaultNorms } from '../../src/norms/defaults';
import { parseDays } from '../../src/schedules/days';
import { parseWorkingHours } from '../../src/settings/parse-hours';
import { afterQuietHours, parseQuietHours } from '../../src/settings/quiet-hours';

const catalog: ScopeCatalog = {
  pipelines: [
    { id: 'p1', name: 'Продажи' },
    { id: 'p2', name: 'Регионы' },
  ],
  stages: [
    { id: 's1', name: 'Целевая сделка', pipelineId: 'p1', pipelineName: 'Продажи' },
    { id: 's2', name: 'Контакт установлен', pipelineId: 'p1', pipelineName: 'Продажи' },
    { id: 's3', name: 'Контакт установлен', pipelineId: 'p2', pipelineName: 'Регионы' },
  ],
};

describe('norm values as admins type them', () => {
  it.each([
    ['24h', 'hours', 24],
    ['36ч', 'hours', 36],
    ['3d', 'hours', 72],
    ['1,5ч', 'hours', 1.5],
    ['90 мин', 'minutes', 90],
    ['2h', 'minutes', 120],
    ['0', 'minutes', 0],
    ['7', 'days', 7],
    ['14d', 'days', 14],
    ['300 000', 'money', 300_000],
    ['300k', 'money', 300_000],
    ['1.5m', 'money', 1_500_000],
    ['150', 'count', 150],
  ] as const)('%s as %s is %d', (text, unit, expected) => {
    expect(parseNormValue(text, unit)).toBe(expected);
  });

  it.each([
    ['soon', 'hours'],
    ['24x', 'hours'],
    ['1.5', 'count'],
    ['-3', 'days'],
    ['', 'minutes'],
  ] as const)('%j as %s is rejected', (text, unit) => {
    expect(parseNormValue(text, unit)).toBeNull();
  });
});

describe('/setnorm in one line', () => {
  it('sets a stage norm in every pipeline that has a stage of that name', () => {
    const change = parseSetnorm('stage_time_exceeded "Контакт установлен" 24h', catalog);
    expect(change).toMatchObject({ kind: 'value', value: 24, scopeIds: ['s2', 's3'], param: { field: 'hours' } });
  });

  it('takes «guillemets» and a unique partial stage name', () => {
    expect(parseSetnorm('stage_time_exceeded «Целевая» 2d', catalog)).toMatchObject({ value: 48, scopeIds: ['s1'] });
  });

  it('picks a parameter by its keyword', () => {
    expect(parseSetnorm('task_overdue 15m', catalog)).toMatchObject({ value: 15, scopeIds: [], param: { field: 'graceMinutes' } });
    expect(parseSetnorm('task_overdue escalate 3h', catalog)).toMatchObject({ kind: 'ladder', param: { field: 'escalation' }, ladder: [{ afterMinutes: 0 }, { afterMinutes: 0 }, { afterMinutes: 180, to: 'supervisor' }] });
  });

  it('turns a rule off and on', () => {
    expect(parseSetnorm('lost_without_reason off', catalog)).toEqual({ kind: 'enabled', rule: 'lost_without_reason', enabled: false });
    expect(parseSetnorm('lost_without_reason вкл', catalog)).toEqual({ kind: 'enabled', rule: 'lost_without_reason', enabled: true });
  });

  it.each([
    ['', 'setnorm-usage'],
    ['stage_time 24h', 'setnorm-unknown-rule'],
    ['stage_time_exceeded', 'setnorm-missing-value'],
    ['stage_time_exceeded "Нет такого" 24h', 'setnorm-unknown-stage'],
    ['deal_lifetime_exceeded Опт 10d', 'setnorm-unknown-pipeline'],
    ['stage_time_exceeded "Контакт установлен" soon', 'setnorm-bad-value-hours'],
    ['first_contact_slow Продажи 10m', 'setnorm-no-scope'],
    ['task_without_deadline 3', 'setnorm-no-value'],
    ['manager_overloaded 0', 'setnorm-bad-value-count'],
  ])('%j is explained with %s', (text, problem) => {
    expect(parseSetnorm(text, catalog)).toMatchObject({ problem });
  });

  it('applies a change and reports before and after; the result is validated', () => {
    const norms = defaultNorms('Europe/Moscow');
    const change = parseSetnorm('stage_time_exceeded "Контакт установлен" 24h', catalog);
    if ('problem' in change) throw new Error('expected a change');
    const applied = applyNormChange(norms, change);
    expect(applied).toMatchObject({ ok: true, before: { s2: null, s3: null }, after: { s2: 24, s3: 24 } });
    if (applied.ok) expect(applied.norms.rules.stage_time_exceeded.stages).toEqual({ s2: 24, s3: 24 });
    expect(norms.rules.stage_time_exceeded.stages).toEqual({});
  });

  it('splits arguments keeping quoted parts whole', () => {
    expect(splitArgs(`a "b c" «d e» 'f g' h`)).toEqual(['a', 'b c', 'd e', 'f g', 'h']);
  });
});

describe('working hours, quiet hours and the report schedule', () => {
  it('reads working hours with days and a time zone', () => {
    expect(parseWorkingHours('09:00-18:00 пн-пт Europe/Moscow')).toEqual({ from: '09:00', to: '18:00', days: [1, 2, 3, 4, 5], timezone: 'Europe/Moscow' });
    expect(parseWorkingHours('8:30-17:00')).toEqual({ from: '08:30', to: '17:00', days: null, timezone: null });
    expect(parseWorkingHours('пн-пт')).toBeNull();
    expect(parseWorkingHours('09:00-18:00 someday')).toBeNull();
  });

  it('reads days as ranges and lists in Russian, English and numbers', () => {
    expect(parseDays('пн,ср,пт')).toEqual([1, 3, 5]);
    expect(parseDays('mon-sat')).toEqual([1, 2, 3, 4, 5, 6]);
    expect(parseDays('6-7')).toEqual([6, 7]);
    expect(parseDays('пт-пн')).toBeNull();
  });

  it('moves an instant inside quiet hours to their end, across midnight', () => {
    const quiet = parseQuietHours('22:00-08:00')!;
    const msk = (iso: string) => Date.parse(`${iso}+03:00`);
    expect(afterQuietHours(msk('2026-11-23T23:30:00'), quiet, 'Europe/Moscow')).toBe(msk('2026-11-24T08:00:00'));
    expect(afterQuietHours(msk('2026-11-24T07:59:00'), quiet, 'Europe/Moscow')).toBe(msk('2026-11-24T08:00:00'));
    expect(afterQuietHours(msk('2026-11-24T12:00:00'), quiet, 'Europe/Moscow')).toBe(msk('2026-11-24T12:00:00'));
    expect(parseQuietHours('22:00-22:00')).toBeNull();
    expect(parseQuietHours('late')).toBeNull();
  });

  it('turns «пн 09:00» into cron and keeps a valid cron expression', () => {
    expect(toCron('пн 09:00')).toBe('0 9 * * 1');
    expect(toCron('вс 18:30')).toBe('30 18 * * 0');
    expect(toCron('0 9 * * 1')).toBe('0 9 * * 1');
    expect(toCron('пн 25:00')).toBeNull();
    expect(toCron('every monday')).toBeNull();
  });
});
