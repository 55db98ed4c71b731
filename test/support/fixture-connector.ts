import type { CrmConnector } from '../../src/crm/connector';
import { ENTITY_NAMES, type Snapshot, type SnapshotChunk } from '../../src/crm/model';

/**
 * A CRM that serves whatever snapshot the test holds right now: a test
 * changes `crm.snapshot` (a task done, a due time moved) and syncs, as if a
 * manager had done it in the CRM.
 */
export function fixtureConnector(initial: Snapshot): CrmConnector & { snapshot: Snapshot } {
  const connector = {
    kind: 'demo' as const,
    snapshot: structuredClone(initial),
    async *fetchFull() {
      for (const entity of ENTITY_NAMES) yield { entity, rows: structuredClone(connector.snapshot[entity]) } as SnapshotChunk;
    },
    dealUrl: (dealId: string) => `https://crm.example/leads/detail/${dealId}`,
  };
  return connector;
}
