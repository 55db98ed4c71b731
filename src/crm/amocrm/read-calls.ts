import type { Call, EpochMs } from '../model';
import { readAllOrNone } from '../http/abort';
import type { AmoClient } from './client';
import { toCall, type NoteEntity } from './mapping';
import { pages } from './paging';
import { callNoteWire } from './wire';

/**
 * Calls in amoCRM are notes (`call_in`, `call_out`) filed on a lead, a
 * contact or a company; each kind has its own collection,
 * `/api/v4/{leads|contacts|companies}/notes`, and there is none across them.
 * A call from a number amoCRM knows lands on that contact's card, not on a
 * lead: reading lead notes alone would miss most callbacks.
 */
export const NOTE_ENTITIES: readonly NoteEntity[] = ['leads', 'contacts', 'companies'];

/** amoCRM's largest page of notes. */
const NOTES_LIMIT = 250;

/** Only the call notes: comments, SMS and the rest are no calls. */
const CALL_NOTE_TYPES = { 'filter[note_type][]': ['call_in', 'call_out'] };

/** `filter[updated_at][from]` in amoCRM's unix seconds: a note created at or after an instant was updated at or after it too. */
export const updatedFrom = (since: EpochMs): Record<string, string> => ({ 'filter[updated_at][from]': String(Math.floor(since / 1000)) });

/**
 * The call notes of one collection page by page, mapped as calls filed on
 * that kind of entity; `query` narrows them (an `updated_at` filter for the
 * changes since a sync).
 */
export async function* callPages(
  client: AmoClient,
  on: NoteEntity,
  options: { query?: Record<string, string>; readAhead?: number; signal?: AbortSignal } = {},
): AsyncGenerator<Call[]> {
  const query = { ...CALL_NOTE_TYPES, ...options.query };
  const walk = pages(client, `/api/v4/${on}/notes`, {
    key: 'notes',
    limit: NOTES_LIMIT,
    query,
    schema: callNoteWire,
    ...(options.readAhead !== undefined ? { readAhead: options.readAhead } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  for await (const notes of walk) yield notes.map((note) => toCall(note, on));
}

/**
 * Every call amoCRM has from `since` on (created at or after it), on leads,
 * contacts and companies, mapped as a sync maps them, oldest first.
 *
 * Cost: the three collections are walked side by side, each filtered by
 * note type and `filter[updated_at][from]` (notes have no created_at
 * filter; one edited since is dropped here by its created_at), one request
 * per 250 call notes updated since then and one more on a collection that
 * ends exactly on a full page (amoCRM's 204) — so three requests while
 * fewer than 250 calls of each kind came in. No page is asked for ahead:
 * a read this recent is one page a collection, and every request counts
 * against the account's 7 a second.
 *
 * Fails with the client's AmoApiError (a CrmError) when amoCRM cannot be
 * reached or answers something else; the first collection to fail gives up
 * the others. Aborting `signal` gives the read up with the signal's reason.
 */
export async function readCallsSince(client: AmoClient, since: EpochMs, signal?: AbortSignal): Promise<Call[]> {
  signal?.throwIfAborted();
  const calls = await readAllOrNone(NOTE_ENTITIES, signal, async (on, walkSignal) => {
    const found: Call[] = [];
    for await (const page of callPages(client, on, { query: updatedFrom(since), readAhead: 0, signal: walkSignal })) {
      found.push(...page.filter((call) => call.at >= since));
    }
    return found;
  });
  return calls.sort((a, b) => a.at - b.at);
}
