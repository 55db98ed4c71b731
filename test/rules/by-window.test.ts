import { describe, expect, it } from 'vitest';
import { isoWeekStart } from '../../src/crm/demo/calendar';
import { generateDemoAccount } from '../../src/crm/demo/generator';
import { chunksAt } from '../../src/crm/demo/snapshot-at';
import { ENTITY_NAMES, type Snapshot } from '../../src/crm/model';
import { defaultNorms } from '../../src/norms/defaults';
import { evaluateRules, evaluateRulesByWindow } from '../../src/rules';
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

const keyed = (findings: readonly Finding[]) => findings.map((f) => `${f.key}|${f.severity}|${f.resolvedAt}`).sort();

describe('evaluateRulesByWindow (the report trend in one pass)', () => {
  it('finds in every window exactly what evaluateRules finds there, and the last window matches in full', () => {
    const snapshot = demoSnapshot();
    const norms = defaultNorms('Europe/Moscow');
    const windows = Array.from({ length: 8 }, (_, i) => ({ from: AT - (8 - i) * WEEK, at: AT - (7 - i) * WEEK }));
    const byWindow = evaluateRulesByWindow(snapshot, norms, windows);
    windows.forEach((window, i) => expect(keyed(byWindow[i]!)).toEqual(keyed(evaluateRules(snapshot, norms, window))));
    const last = windows.at(-1)!;
    expect(byWindow.at(-1)).toEqual(evaluateRules(snapshot, norms, last));
    expect(byWindow.flat().length).toBeGreaterThan(100);
  });
});
