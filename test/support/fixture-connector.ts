import type { LiveConnector } from '../../src/crm/connector';
import { ENTITY_NAMES, type Snapshot, type SnapshotChunk } from '../../src/crm/model';

/**
 * A CRM that serves whatever snapshot the test holds right now: a test
 * changes `crm.snapshot` (a task done, a due time moved) and syncs — or just
 * lets the overdue check ask — as if a manager had done it in the CRM.
 * `crm.tasksAsked` records each readTasks call's ids, `crm.callsAsked` each
 * readCallsSince call's instant.
 */
export function fixtureConnector(initial: Snapshot): LiveConnector & { snapshot: Snapshot; tasksAsked: string[][]; callsAsked: number[] } {
  const connector = {
    kind: 'demo' as const,
    snapshot: structuredClone(initial),
    tasksAsked: [] as string[][],
    callsAsked: [] as number[],
    async *fetchFull() {
      for (const entity of ENTITY_NAMES) yield { entity, rows: structuredClone(connector.snapshot[entity]) } as SnapshotChunk;
    },
    async readTasks(ids: readonly string[]) {
      connector.tasksAsked.push([...ids]);
      const asked = new Set(ids);
      return structuredClone(connector.snapshot.tasks.filter((t) => asked.has(t.id)));
    },
    async readCallsSince(since: number) {
      connector.callsAsked.push(since);
      return structuredClone(connector.snapshot.calls.filter((c) => c.at >= since));
    },
    dealUrl: (dealId: string) => `https://crm.example/leads/detail/${dealId}`,
  };
  return connector;
}
