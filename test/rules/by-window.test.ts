import { describe, expect, it } from 'vitest';
import { PUBLIC_WORK_TIME } from '../../src/schedules/work-time';
import { isoWeekStart } from '../../src/crm/demo/calendar';
import { generateDemoAccount } from '../../src/crm/demo/generator';
import { chunksAt } from '../../src/crm/demo/snapshot-at';
import { ENTITY_NAMES, type Snapshot } from '../../src/crm/model';
import { defaultNorms } from '../../src/norms/defaults';
import { evaluateRules, evaluateTrend } from '../../src/rules';
import { SnapshotIndex } from '../../src/rules/snapshot-index';
import type { Finding } from '../../src/rules/types';

const WEEK = 7 * 24 * 3_600_000;
const AT = Date.parse('2026-11-23T06:00:00Z');

function demoSnapshot(): SnapshotIndex {
  const snapshot = Object.fromEntries(ENTITY_NAMES.map((e) => [e, []])) as unknown as Snapshot;
  const timeline = generateDemoAccount({ seed: 7, anchor: isoWeekStart(AT), scale: 0.3 });
  for (const chunk of chunksAt(timeline, AT)) (snapshot[chunk.entity] as unknown[]).push(...chunk.rows);
  return new SnapshotIndex(snapshot);
}

const counted = (findings: readonly Finding[]) => ({
  violations: findings.filter((f) => f.severity === 'violation').length,
  remarks: findings.filter((f) => f.severity === 'remark').length,
});

describe('evaluateTrend (the report trend in one pass)', () => {
  it('counts in every window exactly what evaluateRules finds there, and gives the last window in full', () => {
    const snapshot = demoSnapshot();
    const norms = defaultNorms('Europe/Moscow');
    const windows = Array.from({ length: 8 }, (_, i) => ({ from: AT - (8 - i) * WEEK, at: AT - (7 - i) * WEEK }));
    const trend = evaluateTrend(snapshot, norms, PUBLIC_WORK_TIME, windows);
    expect(trend.counts).toEqual(windows.map((window) => counted(evaluateRules(snapshot, norms, PUBLIC_WORK_TIME, window))));
    expect(trend.last).toEqual(evaluateRules(snapshot, norms, PUBLIC_WORK_TIME, windows.at(-1)!));
    expect(trend.counts.every((c) => c.violations > 0 && c.remarks > 0)).toBe(true);
  });

  it('counts a disabled rule nowhere and gives nothing for no windows', () => {
    const snapshot = demoSnapshot();
    const norms = defaultNorms('Europe/Moscow');
    norms.rules.task_overdue.enabled = false;
    const trend = evaluateTrend(snapshot, norms, PUBLIC_WORK_TIME, [{ from: AT - WEEK, at: AT }]);
    expect(trend.last.some((f) => f.rule === 'task_overdue')).toBe(false);
    expect(trend.counts).toEqual([counted(evaluateRules(snapshot, norms, PUBLIC_WORK_TIME, { from: AT - WEEK, at: AT }))]);
    expect(evaluateTrend(snapshot, norms, PUBLIC_WORK_TIME, [])).toEqual({ counts: [], last: [] });
  });
});
