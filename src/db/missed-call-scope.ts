import type { EpochMs, Snapshot } from '../crm/model';
import type { DatabaseHandle } from './client';
import { readReferenceLists, readSnapshotRowsByIds, readSnapshotRowsWhere } from './snapshot-rows';

/**
 * The slice of the snapshot the every-minute check of missed calls needs:
 * the calls of the last `lookbackMs` (through the calls_at index: a missed
 * call, the earlier ones it may join, and the calls that returned it), the
 * deals they are filed on, and — for calls filed on a contact or a company —
 * that contact's or company's deals, which say whose call it was. Null when
 * those calls hold no missed call: nothing to ping and nothing to close.
 *
 * Deals are found by contact with a pass over the deals' contact lists,
 * only when some call of the slice was filed on a contact or company.
 */
export function missedCallScope(handle: Pick<DatabaseHandle, 'sqlite'>, accountId: string, at: EpochMs, lookbackMs: number): Snapshot | null {
  const { sqlite } = handle;
  const calls = readSnapshotRowsWhere(sqlite, 'calls', accountId, 'at > ? AND at <= ?', [at - lookbackMs, at]);
  if (!calls.some((call) => call.direction === 'in' && call.missed)) return null;
  const dealIds = new Set(calls.flatMap((call) => (call.dealId === null ? [] : [call.dealId])));
  const deals = readSnapshotRowsByIds(sqlite, 'deals', accountId, [...dealIds]);
  const contacts = [...new Set(calls.flatMap((call) => (call.contactId === null ? [] : [call.contactId])))];
  const companies = [...new Set(calls.flatMap((call) => (call.companyId === null ? [] : [call.companyId])))];
  if (contacts.length + companies.length > 0) {
    const theirs = readSnapshotRowsWhere(
      sqlite,
      'deals',
      accountId,
      `company_id IN (SELECT value FROM json_each(?))
        OR EXISTS (SELECT 1 FROM json_each(deals.contact_ids) AS c WHERE c.value IN (SELECT value FROM json_each(?)))`,
      [JSON.stringify(companies), JSON.stringify(contacts)],
    );
    for (const deal of theirs) if (!dealIds.has(deal.id)) deals.push(deal);
  }
  return { ...readReferenceLists(sqlite, accountId), deals, tasks: [], stageChanges: [], calls };
}
