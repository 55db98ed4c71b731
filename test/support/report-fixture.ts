import type { Snapshot } from '../../src/crm/model';
import { SnapshotIndex } from '../../src/rules/snapshot-index';
import { BASE, at, deal, move, task } from './fixture';

/**
 * A week with known answers (report instant: Monday 2026-11-23 09:00 UTC):
 * - Ипполит (m1) has 10 open deals; 4 tasks on them are overdue now, and one
 *   more was overdue during the week but done late (resolved): 5 violations,
 *   50 per 100 deals.
 * - Анна (m2) has 10 open deals, two with an overdue task: 2 violations, 20 per 100.
 * - Сергей (sup) has one deal with an overdue task: too few deals for a rate.
 * - The week before had one overdue task (done late): 1 violation.
 * Money in deals with open violations: 4 × 100 000 + 2 × 50 000 + 1 000 = 501 000.
 *
 * The funnel's week (KPIs): Анна took six new deals on Monday 16.11 10:00
 * and closed them all within the week, so no open-deal count above moves:
 * f1–f3 went Целевая → Контакт (Tue) → won (Thu), f6 → Контакт (Wed) → won
 * (Sat), f4 → Контакт (Tue) → lost «Дорого» (Fri), f5 lost from Целевая
 * (Wed) «Не дозвонились». Целевая: 6 entered, 5 went on; Контакт: 5
 * entered, 4 went on (the stage that loses most). The week before: nothing.
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
  const funnel = annasFunnelWeek();
  const snapshot: Snapshot = { ...BASE, deals: [...m1Deals, ...m2Deals, supDeal, ...funnel.deals], tasks, stageChanges: funnel.stageChanges };
  return new SnapshotIndex(snapshot);
}

/** Анна's six new deals of the report's week, each closed by its end (see the file's comment). */
function annasFunnelWeek(): Pick<Snapshot, 'deals' | 'stageChanges'> {
  const created = at('2026-11-16T10:00:00Z');
  const tue = at('2026-11-17T10:00:00Z');
  const wed = at('2026-11-18T10:00:00Z');
  const thu = at('2026-11-19T10:00:00Z');
  const fri = at('2026-11-20T10:00:00Z');
  const sat = at('2026-11-21T10:00:00Z');
  const closed = (id: string, stageId: string, closedAt: number, lossReason: string | null = null) =>
    deal({ id, createdAt: created, responsibleId: 'm2', stageId, stageEnteredAt: closedAt, closedAt, lossReason });
  const deals = [
    closed('f1', 's-won', thu),
    closed('f2', 's-won', thu),
    closed('f3', 's-won', thu),
    closed('f4', 's-lost', fri, 'Дорого'),
    closed('f5', 's-lost', wed, 'Не дозвонились'),
    closed('f6', 's-won', sat),
  ];
  const moves = [
    ...['f1', 'f2', 'f3'].flatMap((id) => [move(id, 's-new', 's-work', tue), move(id, 's-work', 's-won', thu)]),
    move('f4', 's-new', 's-work', tue),
    move('f4', 's-work', 's-lost', fri),
    move('f5', 's-new', 's-lost', wed),
    move('f6', 's-new', 's-work', wed),
    move('f6', 's-work', 's-won', sat),
  ];
  return { deals, stageChanges: moves };
}

