import { afterEach, expect, it } from 'vitest';
import { reconcileFindings } from '../src/findings/store';
import type { Finding } from '../src/rules/types';
import { tempDatabase } from './support/temp-db';

let db: ReturnType<typeof tempDatabase>;
afterEach(() => db?.dispose());

const finding = (key: string, overrides: Partial<Finding> = {}): Finding => ({
  key,
  rule: 'task_overdue',
  severity: 'violation',
  dealId: 'd1',
  taskId: key,
  managerId: 'm1',
  pipelineId: 'p1',
  stageId: 's1',
  amount: 1000,
  since: 100,
  resolvedAt: null,
  facts: { lateMs: 1 },
  ...overrides,
});

const rows = () => db.sqlite.prepare('SELECT key, first_seen_at, last_seen_at, resolved_at, amount FROM findings ORDER BY id').all();

it('opens new findings, refreshes the ones still there, resolves the ones gone', () => {
  db = tempDatabase();
  const first = reconcileFindings(db, 'main', [finding('a'), finding('b')], 1000);
  expect(first.opened.map((f) => f.key)).toEqual(['a', 'b']);

  const second = reconcileFindings(db, 'main', [finding('b', { amount: 2000 }), finding('c')], 2000);
  expect(second).toMatchObject({ resolved: 1, stillOpen: 1, opened: [expect.objectContaining({ key: 'c' })] });
  expect(rows()).toEqual([
    { key: 'a', first_seen_at: 1000, last_seen_at: 1000, resolved_at: 2000, amount: 1000 },
    { key: 'b', first_seen_at: 1000, last_seen_at: 2000, resolved_at: null, amount: 2000 },
    { key: 'c', first_seen_at: 2000, last_seen_at: 2000, resolved_at: null, amount: 1000 },
  ]);
});

it('a finding that comes back after being resolved is a new one', () => {
  db = tempDatabase();
  reconcileFindings(db, 'main', [finding('a')], 1000);
  reconcileFindings(db, 'main', [], 2000);
  const third = reconcileFindings(db, 'main', [finding('a')], 3000);
  expect(third.opened).toHaveLength(1);
  expect(rows()).toHaveLength(2);
});

it('keeps the facts as JSON for explanations in any locale', () => {
  db = tempDatabase();
  const [stored] = reconcileFindings(db, 'main', [finding('a', { facts: { task: 'Позвонить', dueAt: 5 } })], 1000).opened;
  expect(stored?.facts).toEqual({ task: 'Позвонить', dueAt: 5 });
});
