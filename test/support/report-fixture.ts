import type { Snapshot } from '../../src/crm/model';
import { SnapshotIndex } from '../../src/rules/snapshot-index';
import { BASE, at, deal, task } from './fixture';

/**
 * A week with known answers (report instant: Monday 2026-11-23 09:00 UTC):
 * - Ипполит (m1) has 10 open deals; 4 tasks on them are overdue now, and one
 *   more was overdue during the week but done late (resolved): 5 violations,
 *   50 per 100 deals.
 * - Анна (m2) has 10 open deals, two with an overdue task: 2 violations, 20 per 100.
 * - Сергей (sup) has one deal with an overdue task: too few deals for a rate.
 * - The week before had one overdue task (done late): 1 violation.
 * Money in deals with open violations: 4 × 100 000 + 2 × 50 000 + 1 000 = 501 000.
 */
export const REPORT_AT = at('2026-11-23T09:00:00Z');

export function reportSnapshot(): SnapshotIndex {
  const created = at('2026-11-01T09:00:00Z');
  const overdueNow = at('2026-11-22T09:00:00Z');
  const m1Deals = Array.from({ length: 10 }, (_, i) => deal({ id: `d${i + 1}`, createdAt: created, price: 100_000 }));
  const m2Deals = Array.from({ length: 10 }, (_, i) => deal({ id: `e${i + 1}`, createdAt: created, price: 50_000, responsibleId: 'm2' }));
  const supDeal = deal({ id: 's1', createdAt: created, price: 1_000, responsibleId: 'sup' });
  const tasks = [
    ...['d1', 'd2', 'd3', 'd4'].map((dealId) => task({ id: `t-${dealId}`, dealId, createdAt: created, dueAt: overdueNow })),
    ...['e1', 'e2'].map((dealId) => task({ id: `t-${dealId}`, dealId, responsibleId: 'm2', createdAt: created, dueAt: overdueNow })),
    task({ id: 't-s1', dealId: 's1', responsibleId: 'sup', createdAt: created, dueAt: overdueNow }),
    // Late this week, done on Wednesday.
    task({ id: 't-late', dealId: 'd6', createdAt: created, dueAt: at('2026-11-17T09:00:00Z'), completed: true, completedAt: at('2026-11-18T09:00:00Z') }),
    // Late the week before, done two days later.
    task({ id: 't-old', dealId: 'd5', createdAt: created, dueAt: at('2026-11-10T09:00:00Z'), completed: true, completedAt: at('2026-11-12T09:00:00Z') }),
  ];
  const snapshot: Snapshot = { ...BASE, deals: [...m1Deals, ...m2Deals, supDeal], tasks };
  return new SnapshotIndex(snapshot);
}
