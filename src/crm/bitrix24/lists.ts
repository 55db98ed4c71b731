import qs from 'qs';
import { BATCH_LIMIT, BitrixApiError, failure, type BitrixClient } from './client';

/** Bitrix24 list methods return at most this many rows per page (crm-apis.md §2.2). */
export const PAGE = 50;

type Params = Record<string, unknown>;
export type Row = Record<string, unknown>;

/** A list walked by ID (crm-apis.md §2.2, "start=-1"): `order {ID: ASC}`, `filter {">ID": last}`, `start: -1`. */
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
}

/** A list that could not be read because the portal does not allow it. */
export interface SkippedList {
  list: string;
  error: BitrixApiError;
}

const isOptionalRefusal = (code: string) => code === 'insufficient_scope' || code === 'ACCESS_DENIED' || code === 'allowed_only_intranet_user';

/**
 * Walks several lists by their ID cursors at once, in `batch` calls. The
 * pages of one list are chained inside a batch — page k+1 filters on
 * `$result[page k][49][ID]` — so one request brings up to 50 pages (2 500
 * rows) where plain paging brings one. A list ends on its first short page;
 * what the batch did after it (a command whose reference had nothing to
 * point at) is ignored, whatever the portal made of it. An error on a page
 * that counts is thrown with its method, never dropped.
 */
export async function* walkLists<K extends string>(
  client: BitrixClient,
  lists: Record<K, CursorList>,
  onSkipped: (skipped: SkippedList) => void = () => {},
): AsyncGenerator<{ list: K; rows: Row[] }> {
  const cursors = new Map<K, number>(Object.keys(lists).map((k) => [k as K, 0]));
  for (let round = 0; cursors.size > 0; round++) {
    // The first round asks one page of each: most incremental lists end there.
    const pagesEach = round === 0 ? 1 : Math.max(1, Math.floor(BATCH_LIMIT / cursors.size));
    const active = [...cursors.keys()].slice(0, BATCH_LIMIT);
    const commands: Record<string, string> = {};
    for (const key of active) {
      for (let page = 0; page < pagesEach; page++) {
        commands[`${key}_${page}`] = command(lists[key], page === 0 ? String(cursors.get(key)) : reference(lists[key], `${key}_${page - 1}`));
      }
    }
    const answer = await client.batch(commands);
    for (const key of active) {
      const list = lists[key];
      for (let page = 0; page < pagesEach; page++) {
        const name = `${key}_${page}`;
        const error = answer.errors[name];
        if (error) {
          if (list.optional && isOptionalRefusal(error.error)) {
            onSkipped({ list: key, error: failure(list.method, 403, error.error, error.error_description ?? '', client.portal) });
            cursors.delete(key);
            break;
          }
          throw failure(list.method, 400, error.error, error.error_description ?? '', client.portal);
        }
        const rows = rowsOf(answer.result[name], list, name);
        if (rows.length > 0) yield { list: key, rows };
        if (rows.length < PAGE) {
          cursors.delete(key);
          break;
        }
        cursors.set(key, Number(rows[rows.length - 1]![list.idField ?? 'ID']));
      }
    }
  }
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
  const filterKey = list.style === 'sort' ? 'FILTER' : 'filter';
  const filter = { ...((list.params[filterKey] as Params | undefined) ?? {}), '>ID': REF };
  const ordering = list.style === 'sort' ? { SORT: 'ID', ORDER: 'ASC' } : { order: { ID: 'ASC' } };
  const query = qs.stringify({ ...list.params, [filterKey]: filter, ...ordering, start: -1 });
  return `${list.method}?${query.replace(REF, cursor)}`;
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
