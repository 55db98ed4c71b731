import qs from 'qs';
import { BATCH_LIMIT, BitrixApiError, failure, type BatchAnswer, type BitrixClient } from './client';

/** Bitrix24 list methods return at most this many rows per page; the size is fixed, not a parameter. */
export const PAGE = 50;

type Params = Record<string, unknown>;
export type Row = Record<string, unknown>;

/**
 * A list walked by ID: `order {ID: ASC}`, `filter {">ID": last}`, `start: -1`.
 * `start: -1` spares the portal its COUNT on big lists, but the answer then
 * has `total: 0` and no `next`, so a page under 50 rows is the end.
 */
export interface CursorList {
  method: string;
  /** Filter, select and the like; the cursor's `>ID` and `start` are added. */
  params: Params;
  /** Where the rows are: `result` itself, or `result.items` / `result.tasks`. */
  rowsAt?: 'items' | 'tasks';
  /** The row's id field: `ID`, or `id` in camelCase answers. */
  idField?: string;
  /** The parameter names this method uses (voximplant.statistic.get wants FILTER / SORT + ORDER). */
  style?: 'order' | 'sort';
  /** A list the account may not allow (telephony): its missing scope ends it empty instead of failing the sync. */
  optional?: boolean;
  /**
   * Filters that split the list into parts walked side by side. Every row
   * must match exactly one; a row's place in its part's ID order must be all
   * its reader depends on (stage history split by deal, never by row).
   */
  parts?: Params[];
}

/** Rows of one list as a walk hands them on; `ended` on the list's last (its every part walked). */
export interface WalkedRows<K extends string> {
  list: K;
  rows: Row[];
  ended: boolean;
}

/** A list that could not be read because the portal does not allow it. */
export interface SkippedList {
  list: string;
  error: BitrixApiError;
}

const isOptionalRefusal = (code: string) => code === 'insufficient_scope' || code === 'ACCESS_DENIED' || code === 'allowed_only_intranet_user';

/** One ID-cursor walk: a list, or one part of a list split by `parts`. */
interface Chain<K extends string> {
  key: K;
  /** The batch command names' stem: `deals`, or `history2` for a list's third part. */
  name: string;
  list: CursorList;
  cursor: number;
}

/** A batch on its way: the chains it walks, `pagesEach` pages of each. */
interface Flight<K extends string> {
  chains: Chain<K>[];
  pagesEach: number;
  answer: Promise<BatchAnswer>;
}

/**
 * Walks lists by their ID cursors, in `batch` calls. The pages of one walk
 * are chained inside a batch — page k+1 filters on `$result[page k][49][ID]`
 * — so one request brings up to 50 pages (2 500 rows) where plain paging
 * brings one.
 *
 * The first batch asks one page of every walk (most incremental lists end
 * there). After it, each walk has its own batch in flight, so the walks run
 * side by side: while the rows of one are written, the others' requests are
 * on their way, and the portal's rate — not the round trip — sets the pace.
 * A list given `parts` is walked as several parts side by side (a list much
 * longer than the others would otherwise end the sync alone, one request at
 * a time). Rows of one walk come in ID order, a batch's pages of a walk
 * handed on together (one write, not fifty); walks interleave.
 *
 * A walk ends on its first short page; what the batch did after it (a
 * command whose reference had nothing to point at) is ignored, whatever the
 * portal made of it. A list's last rows come `ended` (with no rows when its
 * last page was empty or it was skipped): a reader waiting for a whole list
 * knows when it has it. An error on a page that counts is thrown with its
 * method, never dropped; the batches still in flight are then given up, as
 * they are when `signal` fires (the walk rejects with its reason).
 */
export async function* walkLists<K extends string>(
  client: BitrixClient,
  lists: Record<K, CursorList>,
  onSkipped: (skipped: SkippedList) => void = () => {},
  signal?: AbortSignal,
): AsyncGenerator<WalkedRows<K>> {
  signal?.throwIfAborted();
  const chains = (Object.keys(lists) as K[]).flatMap((key): Chain<K>[] => {
    const list = lists[key];
    if (!list.parts) return [{ key, name: key, list, cursor: 0 }];
    return list.parts.map((part, i) => ({ key, name: `${key}${i}`, list: { ...list, params: withFilter(list, part) }, cursor: 0 }));
  });
  /** Walks not ended yet, per list: a list split in parts ends with its last part. */
  const walking = new Map<K, number>();
  for (const chain of chains) walking.set(chain.key, (walking.get(chain.key) ?? 0) + 1);
  const giveUp = new AbortController();
  const batchSignal = signal ? AbortSignal.any([signal, giveUp.signal]) : giveUp.signal;
  const flights = new Set<Flight<K>>();
  const launch = (walks: Chain<K>[], pagesEach: number) => {
    const commands: Record<string, string> = {};
    for (const chain of walks) {
      for (let page = 0; page < pagesEach; page++) {
        commands[`${chain.name}_${page}`] = command(chain.list, page === 0 ? String(chain.cursor) : reference(chain.list, `${chain.name}_${page - 1}`));
      }
    }
    const answer = client.batch(commands, { signal: batchSignal });
    // A batch given up after another failed may fail too; the walk reads the failures of the batches it reads.
    answer.catch(() => {});
    flights.add({ chains: walks, pagesEach, answer });
  };
  for (let i = 0; i < chains.length; i += BATCH_LIMIT) launch(chains.slice(i, i + BATCH_LIMIT), 1);
  try {
    while (flights.size > 0) {
      const landed = await Promise.race([...flights].map((flight) => flight.answer.then(() => flight)));
      flights.delete(landed);
      const answer = await landed.answer;
      const walkedRows: WalkedRows<K>[] = [];
      for (const chain of landed.chains) {
        const walked = readChain(client, answer, chain, landed.pagesEach, onSkipped);
        const left = walking.get(chain.key)! - (walked.ended ? 1 : 0);
        walking.set(chain.key, left);
        if (walked.rows.length > 0 || left === 0) walkedRows.push({ list: chain.key, rows: walked.rows, ended: left === 0 });
        // The walk's next batch leaves before these rows are handed on: it travels while they are written.
        if (!walked.ended) launch([chain], BATCH_LIMIT);
      }
      yield* walkedRows;
    }
  } finally {
    giveUp.abort();
  }
}

/** The rows a batch brought for one walk, its pages in order, moving its cursor; `ended` on a short page or a refusal the list may meet. */
function readChain<K extends string>(
  client: BitrixClient,
  answer: BatchAnswer,
  chain: Chain<K>,
  pagesEach: number,
  onSkipped: (skipped: SkippedList) => void,
): { rows: Row[]; ended: boolean } {
  const rows: Row[] = [];
  for (let page = 0; page < pagesEach; page++) {
    const name = `${chain.name}_${page}`;
    const error = answer.errors[name];
    if (error) {
      if (chain.list.optional && isOptionalRefusal(error.error)) {
        onSkipped({ list: chain.key, error: failure(chain.list.method, 403, error.error, error.error_description ?? '', client.portal) });
        return { rows, ended: true };
      }
      throw failure(chain.list.method, 400, error.error, error.error_description ?? '', client.portal);
    }
    const pageRows = rowsOf(answer.result[name], chain.list, name);
    rows.push(...pageRows);
    if (pageRows.length < PAGE) return { rows, ended: true };
    chain.cursor = Number(pageRows[pageRows.length - 1]![chain.list.idField ?? 'ID']);
  }
  return { rows, ended: false };
}

/**
 * Small lists (users, departments, pipelines, stages) by offset: every list's
 * first page in one batch, then `next` pages in batches too.
 */
export interface SmallList {
  method: string;
  params: Params;
  rowsAt?: 'categories';
}

export async function readSmallLists<K extends string>(client: BitrixClient, lists: Record<K, SmallList>): Promise<Record<K, Row[]>> {
  const rows = Object.fromEntries(Object.keys(lists).map((k) => [k, [] as Row[]])) as Record<K, Row[]>;
  let pending = new Map<K, number>(Object.keys(lists).map((k) => [k as K, 0]));
  while (pending.size > 0) {
    const keys = [...pending.keys()].slice(0, BATCH_LIMIT);
    const commands = Object.fromEntries(keys.map((k) => [k, `${lists[k].method}?${qs.stringify({ ...lists[k].params, start: pending.get(k) })}`]));
    const answer = await client.batch(commands);
    const next = new Map<K, number>([...pending].filter(([k]) => !keys.includes(k)));
    for (const key of keys) {
      const error = answer.errors[key];
      if (error) throw failure(lists[key].method, 400, error.error, error.error_description ?? '', client.portal);
      const raw = answer.result[key];
      const page = lists[key].rowsAt ? (raw as Record<string, unknown> | undefined)?.[lists[key].rowsAt] : raw;
      if (!Array.isArray(page)) throw unexpected(lists[key].method, key);
      rows[key].push(...(page as Row[]));
      const more = answer.next[key];
      if (more !== undefined && page.length > 0) next.set(key, Number(more));
    }
    pending = next;
  }
  return rows;
}

/** `method?query`, PHP-bracket encoded as batch expects; the cursor may be a `$result[…]` reference, left unencoded. */
function command(list: CursorList, cursor: string): string {
  const REF = '__CURSOR__';
  const ordering = list.style === 'sort' ? { SORT: 'ID', ORDER: 'ASC' } : { order: { ID: 'ASC' } };
  const query = qs.stringify({ ...withFilter(list, { '>ID': REF }), ...ordering, start: -1 });
  return `${list.method}?${query.replace(REF, cursor)}`;
}

/** The list's params with `extra` added to its filter (`FILTER` for the methods that want it so). */
function withFilter(list: CursorList, extra: Params): Params {
  const key = list.style === 'sort' ? 'FILTER' : 'filter';
  return { ...list.params, [key]: { ...((list.params[key] as Params | undefined) ?? {}), ...extra } };
}

/** The last row's id of an earlier command in the same batch. */
function reference(list: CursorList, previous: string): string {
  return `$result[${previous}]${list.rowsAt ? `[${list.rowsAt}]` : ''}[${PAGE - 1}][${list.idField ?? 'ID'}]`;
}

function rowsOf(raw: unknown, list: CursorList, name: string): Row[] {
  const rows = list.rowsAt ? (raw as Record<string, unknown> | undefined)?.[list.rowsAt] : raw;
  // An empty result may come as [] even where a map is expected.
  if (rows === undefined || (Array.isArray(raw) && raw.length === 0)) return [];
  if (!Array.isArray(rows)) throw unexpected(list.method, name);
  return rows as Row[];
}

function unexpected(method: string, name: string): BitrixApiError {
  return new BitrixApiError(`Bitrix24 answered ${method} (${name}) with an unexpected shape: expected a list of rows`, 'bad-request', null);
}

/** `2026-11-23T10:00:00+00:00`: Bitrix24 filters take ISO dates with an offset. */
export function isoWithOffset(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}
