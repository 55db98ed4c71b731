import type { Database } from 'better-sqlite3';
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

/**
 * The deals of these contacts and companies. Finding them means reading
 * every deal's contact list, which on a large account costs more than the
 * rest of the check: so the lists are read once per snapshot — after each
 * sync — into a map by contact and company, kept per connection and read
 * again only when a sync has written deals since.
 */
function dealsOfCards(handle: Pick<DatabaseHandle, 'sqlite'>, accountId: string, contacts: string[], companies: string[]): Deal[] {
  if (contacts.length + companies.length === 0) return [];
  const cards = cardIndex(handle, accountId);
  const ids = new Set([...contacts.flatMap((id) => cards.byContact.get(id) ?? []), ...companies.flatMap((id) => cards.byCompany.get(id) ?? [])]);
  return readSnapshotRowsByIds(handle.sqlite, 'deals', accountId, [...ids]);
}

interface CardIndex {
  /** The snapshot it was read from: the last successful sync and the deals table's newest row. */
  version: string;
  byContact: Map<string, string[]>;
  byCompany: Map<string, string[]>;
}

const cardIndexes = new WeakMap<Database, Map<string, CardIndex>>();

function cardIndex(handle: Pick<DatabaseHandle, 'sqlite'>, accountId: string): CardIndex {
  const { sqlite } = handle;
  // A sync that writes deals finishes as a new successful run, and an upsert or a swap gives the rows new rowids.
  const version = sqlite
    .prepare(
      `SELECT coalesce((SELECT max(id) FROM sync_runs WHERE account_id = @account AND status = 'ok'), 0) || ':' || coalesce((SELECT max(rowid) FROM deals), 0)`,
    )
    .pluck()
    .get({ account: accountId }) as string;
  let perAccount = cardIndexes.get(sqlite);
  if (!perAccount) cardIndexes.set(sqlite, (perAccount = new Map()));
  const known = perAccount.get(accountId);
  if (known && known.version === version) return known;
  const index: CardIndex = { version, byContact: new Map(), byCompany: new Map() };
  const rows = sqlite
    .prepare(`SELECT id, contact_ids AS contacts, company_id AS company FROM deals WHERE account_id = ? AND (contact_ids <> '[]' OR company_id IS NOT NULL)`)
    .all(accountId) as { id: string; contacts: string; company: string | null }[];
  for (const row of rows) {
    for (const contact of JSON.parse(row.contacts) as string[]) push(index.byContact, contact, row.id);
    if (row.company !== null) push(index.byCompany, row.company, row.id);
  }
  perAccount.set(accountId, index);
  return index;
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function unique(ids: readonly (string | null)[]): string[] {
  return [...new Set(ids.filter((id): id is string => id !== null))];
}
