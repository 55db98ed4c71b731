import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import qs from 'qs';

/**
 * A fake Bitrix24 portal on 127.0.0.1, faithful to Bitrix24 REST's behaviour where
 * the connector depends on it: both URL forms (`/rest/<user>/<secret>/<method>`
 * and `/rest/<method>` with `auth`), an OAuth server (`/oauth/token/`) whose
 * refresh rotates both tokens, parameters as a JSON body or a PHP-bracket
 * query, 50-row pages with `next`/`total`, `start=-1`, filter prefixes,
 * string values in classic methods, `result.categories` / `result.items` /
 * `result.tasks`, activities' COMMUNICATIONS only when selected by name,
 * telephony statistics filtered by any field (a list value is "any of"),
 * `batch` with `$result[…]` references and per-command
 * errors, the leaky bucket (503 QUERY_LIMIT_EXCEEDED), the per-method
 * operating limit (429 OPERATION_TIME_LIMIT with `operating_reset_at`),
 * scopes, scripted faults and a request log.
 */

type Row = Record<string, unknown>;
type Params = Record<string, unknown>;

export interface BitrixFixture {
  users: Row[];
  departments: Row[];
  categories: Row[];
  /** crm.status.list rows, ENTITY_ID DEAL_STAGE / DEAL_STAGE_<n>. */
  statuses: Row[];
  deals: Row[];
  /** crm.stagehistory.list rows (ints, as Bitrix24 sends them). */
  stageHistory: Row[];
  /** tasks.task.list rows (camelCase, string values). */
  tasks: Row[];
  activities: Row[];
  calls: Row[];
  userFields: Row[];
}

export interface LoggedCall {
  method: string;
  via: 'webhook' | 'oauth';
  status: number;
  /** For batch: the commands' methods. */
  commands?: string[];
  params: Params;
}

export interface FakeBitrixOptions {
  /** Leaky bucket: the counter drains `drainPerSecond`, a call above `threshold` gets 503 (Bitrix24's 2 and 50). */
  drainPerSecond?: number;
  threshold?: number;
  /** Operating limit: fake seconds each call of a method costs, and the budget per window. */
  operatingCostSeconds?: number;
  operatingBudgetSeconds?: number;
  operatingWindowMs?: number;
  scopes?: string[];
  /** Serve ID-cursor pages from a by-id sorted copy of each list (benchmarks walk a million rows); call `forget()` after changing the fixture. */
  memoize?: boolean;
  oauth?: { clientId: string; clientSecret: string; accessTtlSeconds: number };
  /** Each answer leaves this long after its request came, as over a real network. */
  latencyMs?: number;
}

export type BitrixFault = { status: number; error: string; description?: string } | 'hang';

const SECRET = 'k7x2webhooksecret0000';
const USER = '1';

/** How each list method answers: where the rows live, their id field and how filter names map onto the rows. */
const LISTS: Record<string, { rows: (f: BitrixFixture) => Row[]; at?: 'items' | 'tasks' | 'categories'; id: string; camel?: boolean; scope: string; byNameOnly?: string[] }> = {
  'user.get': { rows: (f) => f.users, id: 'ID', scope: 'user' },
  'department.get': { rows: (f) => f.departments, id: 'ID', scope: 'department' },
  'crm.category.list': { rows: (f) => f.categories, at: 'categories', id: 'id', scope: 'crm' },
  'crm.status.list': { rows: (f) => f.statuses, id: 'ID', scope: 'crm' },
  'crm.deal.list': { rows: (f) => f.deals, id: 'ID', scope: 'crm' },
  'crm.stagehistory.list': { rows: (f) => f.stageHistory, at: 'items', id: 'ID', scope: 'crm' },
  'tasks.task.list': { rows: (f) => f.tasks, at: 'tasks', id: 'id', camel: true, scope: 'task' },
  // An activity's COMMUNICATIONS (a call's number) come only when selected by name, `*` or not.
  'crm.activity.list': { rows: (f) => f.activities, id: 'ID', scope: 'crm', byNameOnly: ['COMMUNICATIONS'] },
  'voximplant.statistic.get': { rows: (f) => f.calls, id: 'ID', scope: 'telephony' },
  'crm.deal.userfield.list': { rows: (f) => f.userFields, id: 'ID', scope: 'crm' },
};

class MethodError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly description = '',
  ) {
    super(code);
  }
}

export async function startFakeBitrix(fixture: BitrixFixture, options: FakeBitrixOptions = {}) {
  const drain = options.drainPerSecond ?? 2;
  const threshold = options.threshold ?? 50;
  const costSeconds = options.operatingCostSeconds ?? 0;
  const budget = options.operatingBudgetSeconds ?? 480;
  const windowMs = options.operatingWindowMs ?? 600_000;
  const scopes = new Set(options.scopes ?? ['crm', 'task', 'user', 'department', 'telephony']);
  const log: LoggedCall[] = [];
  const faults: { method: string; fault: BitrixFault }[] = [];
  const commandFaults: { method: string; error: string; description: string }[] = [];
  const sockets = new Set<Socket>();
  const operating = new Map<string, { used: number; resetAt: number }>();
  const accessTokens = new Map<string, number>();
  const refreshTokens = new Set<string>();
  const codes = new Set<string>();
  /** Each list sorted by id, with `memoize`: the ID-cursor fast path. */
  const sortedById = new Map<Row[], Row[]>();
  let bucket = 0;
  let bucketAt = Date.now();
  let issued = 0;
  let webhookSecret = SECRET;

  /** The leaky bucket: each request adds one; it drains by `drain` a second. */
  function overBucket(): boolean {
    const t = Date.now();
    bucket = Math.max(0, bucket - ((t - bucketAt) / 1000) * drain);
    bucketAt = t;
    if (bucket + 1 > threshold) return true;
    bucket += 1;
    return false;
  }

  function chargeOperating(method: string): void {
    if (costSeconds === 0) return;
    const t = Date.now();
    let entry = operating.get(method);
    if (!entry || entry.resetAt <= t) entry = { used: 0, resetAt: t + windowMs };
    operating.set(method, entry);
    if (entry.used >= budget) throw new MethodError(429, 'OPERATION_TIME_LIMIT', `Method is blocked due to operation time limit.`);
    entry.used += costSeconds;
  }

  const timeOf = (method: string) => {
    const t = Date.now() / 1000;
    const entry = operating.get(method);
    return { start: t, finish: t, duration: 0, processing: 0, date_start: new Date().toISOString(), date_finish: new Date().toISOString(), operating: entry?.used ?? 0, operating_reset_at: Math.ceil((entry?.resetAt ?? Date.now()) / 1000) };
  };

  /** One method: its answer's `result`, `total`, `next`. */
  function runMethod(method: string, params: Params): { result: unknown; total?: number; next?: number } {
    const list = LISTS[method];
    if (!list) throw new MethodError(404, 'ERROR_METHOD_NOT_FOUND', `Method '${method}' not found`);
    if (!scopes.has(list.scope)) throw new MethodError(403, 'insufficient_scope', '');
    const scripted = commandFaults.findIndex((f) => f.method === method);
    if (scripted >= 0) {
      const fault = commandFaults.splice(scripted, 1)[0]!;
      throw new MethodError(400, fault.error, fault.description);
    }
    chargeOperating(method);
    const filter = (pick(params, 'filter') ?? {}) as Params;
    if (typeof filter !== 'object' || Array.isArray(filter)) throw new MethodError(400, '', "Parameter 'filter' must be array.");
    const select = pick(params, 'select') as string[] | undefined;
    const start = Number(params.start ?? 0);
    const walked = options.memoize && start === -1 ? cursorPage(sortedById, list.rows(fixture), list.id, filter, params, list.camel === true) : null;
    const rows = walked ?? ordered(list.rows(fixture).filter((row) => matches(row, filter, list.camel === true)), params, list.camel === true);
    const page = start === -1 ? rows.slice(0, 50) : rows.slice(start, start + 50);
    const shaped = page.map((row) => withoutUnasked(selected(row, select, list.camel === true, list.id), select, list.byNameOnly));
    const result = list.at ? { [list.at]: shaped } : shaped;
    if (start === -1) return { result, total: 0 };
    const next = start + 50 < rows.length ? start + 50 : undefined;
    return { result, total: rows.length, ...(next !== undefined ? { next } : {}) };
  }

  function runBatch(params: Params): unknown {
    const cmd = (params.cmd ?? {}) as Record<string, string>;
    const keys = Object.keys(cmd);
    if (keys.length > 50) throw new MethodError(400, 'ERROR_BATCH_LENGTH_EXCEEDED', 'Max batch length exceeded');
    const halt = String(params.halt ?? '0') === '1' || params.halt === true;
    const results: Record<string, unknown> = {};
    const errors: Record<string, unknown> = {};
    const totals: Record<string, number> = {};
    const nexts: Record<string, number> = {};
    const times: Record<string, unknown> = {};
    for (const key of keys) {
      const [method = '', query = ''] = cmd[key]!.split(/\?(.*)/s);
      try {
        if (method === 'batch') throw new MethodError(405, 'ERROR_BATCH_METHOD_NOT_ALLOWED', 'Batch call is not allowed in batch');
        const sub = substitute(qs.parse(query, { depth: 10, arrayLimit: 1000 }) as Params, results);
        const answer = runMethod(method, sub);
        results[key] = answer.result;
        if (answer.total !== undefined) totals[key] = answer.total;
        if (answer.next !== undefined) nexts[key] = answer.next;
        times[key] = timeOf(method);
      } catch (error) {
        if (!(error instanceof MethodError)) throw error;
        errors[key] = { error: error.code, error_description: error.description };
        if (halt) break;
      }
    }
    const map = (m: Record<string, unknown>) => (Object.keys(m).length === 0 ? [] : m);
    return { result: map(results), result_error: map(errors), result_total: map(totals), result_next: map(nexts), result_time: map(times) };
  }

  const concurrency = { now: 0, max: 0 };
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    concurrency.max = Math.max(concurrency.max, ++concurrency.now);
    res.on('close', () => concurrency.now--);
    const url = new URL(req.url ?? '/', 'http://fake');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const send = (status: number, body: unknown): void => {
      const answer = () => void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (options.latencyMs) setTimeout(answer, options.latencyMs);
      else answer();
    };

    if (url.pathname === '/oauth/token/') return tokenEndpoint(url, send);

    const webhook = /^\/rest\/(\d+)\/([^/]+)\/([\w.]+?)(\.json)?\/?$/.exec(url.pathname);
    const oauth = webhook ? null : /^\/rest\/([\w.]+?)(\.json)?\/?$/.exec(url.pathname);
    const method = webhook?.[3] ?? oauth?.[1];
    if (!method) return send(404, { error: 'NOT_FOUND', error_description: 'Not found' });
    const contentType = req.headers['content-type'] ?? '';
    const fromBody = raw === '' ? {} : contentType.includes('json') ? (JSON.parse(raw) as Params) : (qs.parse(raw, { depth: 10 }) as Params);
    const params: Params = { ...(qs.parse(url.search.slice(1), { depth: 10 }) as Params), ...fromBody };
    const via = webhook ? 'webhook' : 'oauth';
    const entry: LoggedCall = { method, via, status: 0, params, ...(method === 'batch' ? { commands: Object.values((params.cmd ?? {}) as Record<string, string>).map((c) => c.split('?')[0]!) } : {}) };
    log.push(entry);
    const fail = (status: number, error: string, description = '') => {
      entry.status = status;
      send(status, { error, error_description: description, ...(status === 429 ? { time: timeOf(method) } : {}) });
    };

    if (webhook) {
      if (webhook[1] !== USER || webhook[2] !== webhookSecret) return fail(401, 'NO_AUTH_FOUND', 'Wrong authorization data');
    } else {
      const token = String(params.auth ?? '');
      const expiresAt = accessTokens.get(token);
      if (expiresAt === undefined) return fail(401, 'NO_AUTH_FOUND', 'Wrong authorization data');
      if (expiresAt <= Date.now()) return fail(401, 'expired_token', 'The access token provided has expired.');
    }
    if (overBucket()) return fail(503, 'QUERY_LIMIT_EXCEEDED', 'Too many requests');
    const faultAt = faults.findIndex((f) => f.method === method);
    if (faultAt >= 0) {
      const fault = faults.splice(faultAt, 1)[0]!.fault;
      if (fault === 'hang') return;
      return fail(fault.status, fault.error, fault.description);
    }
    try {
      const answer = method === 'batch' ? { result: runBatch(params) } : runMethod(method, params);
      entry.status = 200;
      send(200, { ...answer, time: timeOf(method) });
    } catch (error) {
      if (!(error instanceof MethodError)) throw error;
      fail(error.status, error.code, error.description);
    }
  }

  /** GET /oauth/token/: a code or a refresh token for a new pair; a refresh token works once. */
  function tokenEndpoint(url: URL, send: (status: number, body: unknown) => void): void {
    const q = url.searchParams;
    const oauthOptions = options.oauth;
    const refuse = (error: string, description: string) => {
      log.push({ method: 'oauth/token', via: 'oauth', status: 400, params: { grant_type: q.get('grant_type') } });
      send(400, { error, error_description: description });
    };
    if (!oauthOptions || q.get('client_id') !== oauthOptions.clientId || q.get('client_secret') !== oauthOptions.clientSecret) return refuse('invalid_client', 'Invalid client');
    const grant = q.get('grant_type');
    if (grant === 'authorization_code') {
      if (!codes.delete(q.get('code') ?? '')) return refuse('invalid_grant', 'Invalid authorization code');
    } else if (grant === 'refresh_token') {
      if (!refreshTokens.delete(q.get('refresh_token') ?? '')) return refuse('invalid_grant', 'Invalid refresh token');
    } else return refuse('invalid_request', 'Unsupported grant type');
    issued++;
    const access = `b24-access-${issued}-${'a'.repeat(20)}`;
    const refresh = `b24-refresh-${issued}-${'r'.repeat(20)}`;
    accessTokens.set(access, Date.now() + oauthOptions.accessTtlSeconds * 1000);
    refreshTokens.add(refresh);
    log.push({ method: 'oauth/token', via: 'oauth', status: 200, params: { grant_type: grant } });
    send(200, {
      access_token: access,
      refresh_token: refresh,
      expires: Math.floor(Date.now() / 1000) + oauthOptions.accessTtlSeconds,
      expires_in: oauthOptions.accessTtlSeconds,
      client_endpoint: `${baseUrl}/rest/`,
      server_endpoint: `${baseUrl}/oauth/rest/`,
      domain: 'oauth.bitrix.info',
      member_id: 'member-1',
      scope: [...scopes].join(','),
      status: 'L',
      user_id: 1,
    });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'INTERNAL_SERVER_ERROR', error_description: String(error) })));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;

  return {
    baseUrl,
    webhookUrl: `${baseUrl}/rest/${USER}/${SECRET}/`,
    fixture,
    log,
    /** The most requests it was answering at once. */
    get maxConcurrent() {
      return concurrency.max;
    },
    /** Calls that reached the portal (a 503 from the bucket included). */
    calls: (method?: string) => log.filter((c) => c.method !== 'oauth/token' && (method === undefined || c.method === method)),
    failNext(method: string, fault: BitrixFault, times = 1) {
      for (let i = 0; i < times; i++) faults.push({ method, fault });
    },
    /** The next command (in a batch or not) of `method` fails with `error`. */
    failCommand(method: string, error: string, description = '') {
      commandFaults.push({ method, error, description });
    },
    revokeWebhook() {
      webhookSecret = 'revoked';
    },
    /** Drops the sorted copies kept with `memoize`: the fixture changed. */
    forget: () => sortedById.clear(),
    setScopes(list: string[]) {
      scopes.clear();
      for (const s of list) scopes.add(s);
    },
    issueCode(code: string) {
      codes.add(code);
    },
    expireAccessTokens() {
      for (const token of accessTokens.keys()) accessTokens.set(token, 0);
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type FakeBitrix = Awaited<ReturnType<typeof startFakeBitrix>>;

/** `filter` or `FILTER`, `select` or `SELECT`: parameter names are case-insensitive. */
function pick(params: Params, name: string): unknown {
  const key = Object.keys(params).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : params[key];
}

/** `UF_CRM_TASK` → `ufCrmTask`, `ID` → `id`: tasks.task.list filters in upper case on camelCase rows. */
const camel = (name: string) => name.toLowerCase().replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** Replaces `$result[key][…]` references with values from earlier commands. */
function substitute(params: Params, results: Record<string, unknown>): Params {
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') {
      const m = /^\$result\[([^\]]+)\]((?:\[[^\]]*\])*)$/.exec(value);
      if (!m) return value;
      let target: unknown = results[m[1]!];
      for (const [, part] of m[2]!.matchAll(/\[([^\]]*)\]/g)) target = (target as Record<string, unknown> | undefined)?.[part!];
      if (target === undefined) throw new MethodError(400, 'INVALID_ARG_VALUE', `Reference ${value} points at nothing`);
      return target;
    }
    if (Array.isArray(value)) return value.map(walk);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v)]));
    return value;
  };
  return walk(params) as Params;
}

const PREFIXES = ['>=', '<=', '!@', '=%', '>', '<', '@', '!', '%', '='] as const;

function compare(a: unknown, b: unknown): number {
  const na = Number(a);
  const nb = Number(b);
  if (a !== '' && b !== '' && a !== null && b !== null && !Number.isNaN(na) && !Number.isNaN(nb)) return na - nb;
  const da = Date.parse(String(a));
  const db = Date.parse(String(b));
  if (!Number.isNaN(da) && !Number.isNaN(db)) return da - db;
  return String(a ?? '').localeCompare(String(b ?? ''));
}

const isEmpty = (v: unknown) => v === undefined || v === null || v === '' || v === false || (Array.isArray(v) && v.length === 0);

function matches(row: Row, filter: Params, camelRows: boolean): boolean {
  return Object.entries(filter).every(([key, wanted]) => {
    const prefix = PREFIXES.find((p) => key.startsWith(p)) ?? '';
    const field = key.slice(prefix.length);
    const value = row[camelRows ? camel(field) : field];
    const list = [wanted].flat();
    switch (prefix) {
      case '>':
        return compare(value, wanted) > 0;
      case '>=':
        return compare(value, wanted) >= 0;
      case '<':
        return compare(value, wanted) < 0;
      case '<=':
        return compare(value, wanted) <= 0;
      case '@':
        return list.some((w) => compare(value, w) === 0);
      case '!@':
        return !list.some((w) => compare(value, w) === 0);
      case '!':
        // "not empty" when the wanted value is empty, as Bitrix24 reads `'!UF_CRM_TASK' => false`.
        return isEmpty(wanted) || wanted === 'false' ? !isEmpty(value) : compare(value, wanted) !== 0;
      case '%':
        return String(value ?? '').toLowerCase().includes(String(wanted).toLowerCase());
      case '=%':
        return String(value ?? '').toLowerCase().startsWith(String(wanted).replace(/%$/, '').toLowerCase());
      default:
        if (typeof value === 'boolean') return value === (wanted === true || wanted === 'true' || wanted === 'Y');
        // A list without a prefix is "any of these", as `@` (tasks by `ID: [...]`, activities too).
        if (Array.isArray(wanted)) return list.some((w) => compare(value, w) === 0);
        return compare(value, wanted) === 0;
    }
  });
}

/**
 * The same 50 rows the full filter-and-sort gives for an ID-cursor walk
 * (`>ID` filter, `order {ID: ASC}`, `start=-1`), found by binary search:
 * null for any other query, which takes the general path.
 */
function cursorPage(cache: Map<Row[], Row[]>, rows: Row[], idField: string, filter: Params, params: Params, camelRows: boolean): Row[] | null {
  const cursorKey = Object.keys(filter).find((k) => k.toUpperCase() === '>ID');
  const order = pick(params, 'order');
  const sort = pick(params, 'sort');
  const byId = (order && typeof order === 'object' && Object.keys(order).join() === 'ID' && String((order as Params).ID).toUpperCase() === 'ASC') || (sort === 'ID' && String(order).toUpperCase() === 'ASC');
  if (cursorKey === undefined || !byId) return null;
  let sorted = cache.get(rows);
  if (!sorted) cache.set(rows, (sorted = [...rows].sort((a, b) => compare(a[idField], b[idField]))));
  const after = filter[cursorKey];
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compare(sorted[mid]![idField], after) > 0) hi = mid;
    else lo = mid + 1;
  }
  const rest: Params = { ...filter };
  delete rest[cursorKey];
  const page: Row[] = [];
  for (let i = lo; i < sorted.length && page.length < 50; i++) if (matches(sorted[i]!, rest, camelRows)) page.push(sorted[i]!);
  return page;
}

/** The row without the fields a list gives only when they are selected by name. */
function withoutUnasked(row: Row, select: string[] | undefined, byNameOnly: string[] | undefined): Row {
  const dropped = (byNameOnly ?? []).filter((field) => field in row && !(select ?? []).includes(field));
  if (dropped.length === 0) return row;
  return Object.fromEntries(Object.entries(row).filter(([k]) => !dropped.includes(k)));
}

function ordered(rows: Row[], params: Params, camelRows: boolean): Row[] {
  const order = (pick(params, 'order') ?? {}) as Params | string;
  const sort = pick(params, 'sort');
  const entries: [string, string][] = typeof order === 'string' && typeof sort === 'string' ? [[sort, order]] : Object.entries(order as Params).map(([k, v]) => [k, String(v)]);
  if (entries.length === 0) return rows;
  return [...rows].sort((a, b) => {
    for (const [field, direction] of entries) {
      const key = camelRows ? camel(field) : field;
      const c = compare(a[key], b[key]) * (direction.toUpperCase() === 'DESC' ? -1 : 1);
      if (c !== 0) return c;
    }
    return 0;
  });
}

function selected(row: Row, select: string[] | undefined, camelRows: boolean, idField: string): Row {
  if (!select || select.length === 0 || select.includes('*')) return row;
  const keys = new Set([idField, ...select.map((s) => (camelRows ? camel(s) : s))]);
  return Object.fromEntries(Object.entries(row).filter(([k]) => keys.has(k)));
}
