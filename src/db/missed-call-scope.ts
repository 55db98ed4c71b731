import type { Call, Deal, EpochMs, Snapshot } from '../crm/model';
import type { DatabaseHandle } from './client';
import { readReferenceLists, readSnapshotRowsByIds, readSnapshotRowsWhere } from './snapshot-rows';

/**
 * The slice of the snapshot the every-minute check of missed calls needs,
 * read through the calls_at index: the missed incoming calls of the last
 * `lookbackMs` and, of the other calls then, only those with the same
 * clients — the same number, contact or deal (the rule's client keys) — which
 * are the calls that can return them; the deals they are filed on, and the
 * deals of the contacts and companies they were filed on (which say whose
 * call it was). The rule finds in it what it finds in the whole snapshot for
 * those calls (test/db/missed-call-scope.test.ts). Null when there is no
 * missed call: nothing to ping and nothing to close.
 *
 * Every minute, so the account's other calls — most of them — are filtered
 * out in SQL, not decoded.
 */
export function missedCallScope(handle: Pick<DatabaseHandle, 'sqlite'>, accountId: string, at: EpochMs, lookbackMs: number): Snapshot | null {
  const { sqlite } = handle;
  const since = at - lookbackMs;
  const missed = readSnapshotRowsWhere(sqlite, 'calls', accountId, "at > ? AND at <= ? AND direction = 'in' AND missed = 1", [since, at]);
  if (missed.length === 0) return null;

  const deals = new Map<string, Deal>();
  const add = (rows: Deal[]) => rows.forEach((d) => deals.set(d.id, d));
  add(readSnapshotRowsByIds(sqlite, 'deals', accountId, unique(missed.map((c) => c.dealId))));
  // The clients' contacts: the calls' own and their deals'; then every deal of those contacts (and companies).
  const contacts = unique([...missed.map((c) => c.contactId), ...[...deals.values()].flatMap((d) => d.contactIds)]);
  add(dealsOfCards(handle, accountId, contacts, unique(missed.map((c) => c.companyId))));

  const phones = unique(missed.map((c) => c.phoneKey));
  const related = readSnapshotRowsWhere(
    sqlite,
    'calls',
    accountId,
    `at > ? AND at <= ? AND (phone_key IN (SELECT value FROM json_each(?)) OR contact_id IN (SELECT value FROM json_each(?)) OR deal_id IN (SELECT value FROM json_each(?)))`,
    [since, at, JSON.stringify(phones), JSON.stringify(contacts), JSON.stringify([...deals.keys()])],
  );
  const calls = new Map<string, Call>();
  for (const call of [...missed, ...related]) calls.set(call.id, call);
  // The returning calls' own deals (a callback filed on another deal of the contact), for their contacts.
  add(readSnapshotRowsByIds(sqlite, 'deals', accountId, unique(related.map((c) => c.dealId)).filter((id) => !deals.has(id))));
  return { ...readReferenceLists(sqlite, accountId), deals: [...deals.values()], tasks: [], stageChanges: [], calls: [...calls.values()] };
}

/** The deals of these contacts and companies: a pass over the deals' contact lists, only when there are any. */
function dealsOfCards(handle: Pick<DatabaseHandle, 'sqlite'>, accountId: string, contacts: string[], companies: string[]): Deal[] {
  if (contacts.length + companies.length === 0) return [];
  return readSnapshotRowsWhere(
    handle.sqlite,
    'deals',
    accountId,
    `company_id IN (SELECT value FROM json_each(?))
      OR EXISTS (SELECT 1 FROM json_each(deals.contact_ids) AS c WHERE c.value IN (SELECT value FROM json_each(?)))`,
    [JSON.stringify(companies), JSON.stringify(contacts)],
  );
}

function unique(ids: readonly (string | null)[]): string[] {
  return [...new Set(ids.filter((id): id is string => id !== null))];
}
