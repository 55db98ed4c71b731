import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/**
 * A fake amoCRM (API v4) on 127.0.0.1, faithful to amoCRM's behaviour where the
 * connector depends on it: bearer tokens with an expiry (401 problem+json
 * after it), HAL collections with `_links.next` on full pages and 204 for an
 * empty page or one past the end, page-size caps (250; events 100), the
 * filters the connector uses (ids among them), 142/143 in every pipeline,
 * notes of leads, contacts and companies in three collections, a lead's
 * contacts only `with=contacts`,
 * string event ids, task `result` as [] or an object, a per-second limit
 * answered with 429 (empty body) and, after too many of those, amoCRM's 403
 * HTML block; scripted 5xx, hangs and refusals; a request log.
 */

type Row = Record<string, unknown>;

export interface AmoFixture {
  account: { id: number; name: string; subdomain: string; is_loss_reason_enabled?: boolean; is_api_filter_enabled?: boolean };
  usersGroups: { id: number; name: string }[];
  taskTypes: { id: number; name: string }[];
  users: Row[];
  pipelines: Row[];
  lossReasons: Row[];
  leads: Row[];
  tasks: Row[];
  events: Row[];
  /** Notes filed on leads (`/api/v4/leads/notes`). */
  notes: Row[];
  /** Notes filed on contacts and on companies (`/api/v4/contacts/notes`, `/api/v4/companies/notes`); none when left out. */
  contactNotes?: Row[];
  companyNotes?: Row[];
}

export type AmoFault = { status: number; body?: string; contentType?: string } | 'hang';

export interface LoggedRequest {
  path: string;
  query: URLSearchParams;
  status: number;
}

/** The integration's OAuth 2.0 side, as amoCRM's: one-time codes, single-use refresh tokens, access tokens with a lifetime. */
export interface FakeOAuth {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  accessTtlSeconds: number;
}

export async function startFakeAmo(
  fixture: AmoFixture,
  options: {
    ratePerSecond?: number;
    blockAfter429s?: number;
    now?: () => number;
    oauth?: FakeOAuth;
    /** Keep each query's filtered, ordered list (benchmarks page a million events); call `forget()` after changing the fixture. */
    memoize?: boolean;
    /** Each answer leaves this long after its request came, as over a real network. */
    latencyMs?: number;
  } = {},
) {
  const now = options.now ?? Date.now;
  const tokens = new Map<string, { expiresAt: number }>([['long-lived-token-0123456789abcdef', { expiresAt: Number.POSITIVE_INFINITY }]]);
  const log: LoggedRequest[] = [];
  const faults: { prefix: string; fault: AmoFault }[] = [];
  const recent: number[] = [];
  const sockets = new Set<Socket>();
  let consecutive429 = 0;
  let blocked = false;
  const flags = { usersForbidden: false, unpaid: false };
  const codes = new Set<string>();
  const hooks: { beforeRequest?: (path: string, query: URLSearchParams) => void } = {};
  const liveRefreshTokens = new Set<string>();
  let issued = 0;

  /** POST /oauth2/access_token: a code or a refresh token for a new pair; each works once. */
  async function tokenEndpoint(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, string>;
    const oauth = options.oauth;
    const refuse = (hint: string) => {
      log.push({ path: '/oauth2/access_token', query: new URLSearchParams({ grant_type: body.grant_type ?? '' }), status: 400 });
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ hint, title: 'Некорректный запрос', type: 'https://developers.amocrm.ru/v3/errors/OAuthProblemJson', status: 400, detail: hint }));
    };
    if (!oauth || body.client_id !== oauth.clientId || body.client_secret !== oauth.clientSecret || body.redirect_uri !== oauth.redirectUri) return refuse('Client authentication failed');
    if (body.grant_type === 'authorization_code') {
      if (!body.code || !codes.delete(body.code)) return refuse('Authorization code has expired');
    } else if (body.grant_type === 'refresh_token') {
      if (!body.refresh_token || !liveRefreshTokens.delete(body.refresh_token)) return refuse('Token has been revoked');
    } else return refuse('Unsupported grant type');
    issued++;
    const access = `access-${issued}-${'x'.repeat(24)}`;
    const refresh = `def502-refresh-${issued}-${'y'.repeat(24)}`;
    tokens.set(access, { expiresAt: now() + oauth.accessTtlSeconds * 1000 });
    liveRefreshTokens.add(refresh);
    log.push({ path: '/oauth2/access_token', query: new URLSearchParams({ grant_type: body.grant_type }), status: 200 });
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token_type: 'Bearer', expires_in: oauth.accessTtlSeconds, server_time: Math.floor(now() / 1000), access_token: access, refresh_token: refresh }));
  }

  const collections: Record<string, { key: string; rows: () => Row[]; cap: number; totals?: boolean }> = {
    '/api/v4/users': { key: 'users', rows: () => fixture.users, cap: 250, totals: true },
    '/api/v4/leads/pipelines': { key: 'pipelines', rows: () => fixture.pipelines, cap: 250, totals: true },
    '/api/v4/leads/loss_reasons': { key: 'loss_reasons', rows: () => fixture.lossReasons, cap: 250 },
    '/api/v4/leads': { key: 'leads', rows: () => fixture.leads, cap: 250 },
    '/api/v4/tasks': { key: 'tasks', rows: () => fixture.tasks, cap: 250 },
    '/api/v4/events': { key: 'events', rows: () => fixture.events, cap: 100 },
    '/api/v4/leads/notes': { key: 'notes', rows: () => fixture.notes, cap: 250 },
    '/api/v4/contacts/notes': { key: 'notes', rows: () => fixture.contactNotes ?? [], cap: 250 },
    '/api/v4/companies/notes': { key: 'notes', rows: () => fixture.companyNotes ?? [], cap: 250 },
  };

  const concurrency = { now: 0, max: 0 };
  function handle(req: IncomingMessage, res: ServerResponse): void {
    concurrency.max = Math.max(concurrency.max, ++concurrency.now);
    res.on('close', () => concurrency.now--);
    const url = new URL(req.url ?? '/', 'http://fake');
    if (req.method === 'POST' && url.pathname === '/oauth2/access_token') {
      tokenEndpoint(req, res).catch(() => res.writeHead(500).end());
      return;
    }
    hooks.beforeRequest?.(url.pathname, url.searchParams);
    const send = (status: number, body: unknown, contentType = 'application/hal+json') => {
      log.push({ path: url.pathname, query: url.searchParams, status });
      const answer = () => {
        if (status === 204) return void res.writeHead(204).end();
        res.writeHead(status, { 'content-type': contentType }).end(typeof body === 'string' ? body : JSON.stringify(body));
      };
      if (options.latencyMs) setTimeout(answer, options.latencyMs);
      else answer();
    };
    const problem = (status: number, title: string, detail: string) => send(status, { title, type: `https://httpstatus.es/${status}`, status, detail }, 'application/problem+json');

    if (blocked) return send(403, '<html><head><title>403 Forbidden</title></head><body><center><h1>403 Forbidden</h1></center><hr><center>nginx</center></body></html>', 'text/html');
    // The limit: more than N requests within any second earns a 429 with no body; too many of those, the block.
    const t = now();
    while (recent.length > 0 && recent[0]! <= t - 1000) recent.shift();
    if (options.ratePerSecond !== undefined && recent.length >= options.ratePerSecond) {
      consecutive429++;
      if (options.blockAfter429s !== undefined && consecutive429 >= options.blockAfter429s) blocked = true;
      return send(429, '', 'text/plain');
    }
    recent.push(t);
    consecutive429 = 0;

    const faultIndex = faults.findIndex((f) => url.pathname.startsWith(f.prefix));
    if (faultIndex >= 0) {
      const fault = faults.splice(faultIndex, 1)[0]!.fault;
      if (fault === 'hang') {
        log.push({ path: url.pathname, query: url.searchParams, status: 0 });
        return;
      }
      return send(fault.status, fault.body ?? '', fault.contentType ?? 'application/problem+json');
    }

    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const grant = token ? tokens.get(token) : undefined;
    if (!grant) return problem(401, 'Unauthorized', 'Invalid token');
    if (grant.expiresAt <= now()) return problem(401, 'Unauthorized', 'Token has expired');
    if (flags.unpaid) return problem(402, 'Payment Required', 'Account is not paid');

    if (url.pathname === '/api/v4/account') {
      const withs = (url.searchParams.get('with') ?? '').split(',');
      const embedded: Row = {};
      if (withs.includes('users_groups')) embedded.users_groups = fixture.usersGroups;
      if (withs.includes('task_types')) embedded.task_types = fixture.taskTypes;
      const { is_api_filter_enabled: filters, ...account } = fixture.account;
      return send(200, { ...account, ...(withs.includes('is_api_filter_enabled') ? { is_api_filter_enabled: filters ?? false } : {}), _embedded: embedded });
    }
    if (url.pathname === '/api/v4/users' && flags.usersForbidden) return problem(403, 'Forbidden', 'Access denied');
    const collection = collections[url.pathname];
    if (!collection) return problem(404, 'Not Found', `No route ${url.pathname}`);
    const rows = filteredOnce(url, collection.rows());
    const limit = Math.min(Number(url.searchParams.get('limit') ?? 50) || 50, collection.cap);
    const page = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1);
    const slice = rows.slice((page - 1) * limit, page * limit);
    if (slice.length === 0) return send(204, null);
    const link = (p: number) => {
      const q = new URLSearchParams(url.searchParams);
      q.set('page', String(p));
      q.set('limit', String(limit));
      return { href: `https://${fixture.account.subdomain}.amocrm.ru${url.pathname}?${q}` };
    };
    const links: Row = { self: link(page), first: link(1) };
    if (page > 1) links.prev = link(page - 1);
    // Like amoCRM, `next` is offered on every full page: a total that is a multiple of the limit ends with a 204.
    if (slice.length === limit) links.next = link(page + 1);
    return send(200, {
      _page: page,
      ...(collection.totals ? { _total_items: rows.length, _page_count: Math.ceil(rows.length / limit) } : {}),
      _links: links,
      _embedded: { [collection.key]: slice.map((row) => withEmbedded(url, collection.key, row)) },
    });
  }

  const memo = new Map<string, Row[]>();
  function filteredOnce(url: URL, rows: Row[]): Row[] {
    if (!options.memoize) return filtered(url, rows);
    const query = new URLSearchParams(url.searchParams);
    query.delete('page');
    query.delete('limit');
    const key = `${url.pathname}?${query}`;
    let hit = memo.get(key);
    if (!hit) memo.set(key, (hit = filtered(url, rows)));
    return hit;
  }

  function filtered(url: URL, rows: Row[]): Row[] {
    const q = url.searchParams;
    let out = rows;
    const isLeads = url.pathname === '/api/v4/leads';
    // Lead filters are an opt-in package: without it amoCRM ignores them silently (/api/v4/account reports is_api_filter_enabled).
    const leadFilters = !isLeads || fixture.account.is_api_filter_enabled === true;
    const updatedFrom = q.get('filter[updated_at][from]');
    if (updatedFrom && leadFilters) out = out.filter((r) => Number(r.updated_at) >= Number(updatedFrom));
    const createdFrom = q.get('filter[created_at][from]');
    if (createdFrom && leadFilters) out = out.filter((r) => Number(r.created_at) >= Number(createdFrom));
    const order = [...q.keys()].find((k) => k.startsWith('order['));
    if (order) {
      const field = order.slice('order['.length, -1);
      const sign = q.get(order) === 'desc' ? -1 : 1;
      out = [...out].sort((a, b) => sign * (Number(a[field]) - Number(b[field])));
    }
    const type = q.get('filter[type]');
    if (type) out = out.filter((r) => r.type === type);
    const entity = q.getAll('filter[entity][]');
    if (entity.length > 0) out = out.filter((r) => entity.includes(String(r.entity_type)));
    const noteTypes = q.getAll('filter[note_type][]');
    if (noteTypes.length > 0) out = out.filter((r) => noteTypes.includes(String(r.note_type)));
    // By id: one (`filter[id]=7`) or several (`filter[id][]=7&filter[id][]=8`); lead filters only with the package, as above.
    const ids = [...q.getAll('filter[id]'), ...q.getAll('filter[id][]')];
    if (ids.length > 0 && leadFilters) out = out.filter((r) => ids.includes(String(r.id)));
    return out;
  }

  /**
   * A lead as amoCRM answers it: `_embedded.companies` always, the contacts
   * (which the fixture keeps in `_embedded.contacts`) only `with=contacts`,
   * the loss reason only `with=loss_reason`.
   */
  function withEmbedded(url: URL, key: string, row: Row): Row {
    if (key !== 'leads') return row;
    const withs = (url.searchParams.get('with') ?? '').split(',');
    const { contacts, ...embedded } = (row._embedded as Row | undefined) ?? {};
    if (withs.includes('contacts')) embedded.contacts = contacts ?? [];
    if (withs.includes('loss_reason')) {
      const reason = fixture.lossReasons.find((r) => r.id === row.loss_reason_id);
      embedded.loss_reason = reason ? [reason] : [];
    }
    return { ...row, _embedded: embedded };
  }

  const server = createServer(handle);
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    token: 'long-lived-token-0123456789abcdef',
    fixture,
    log,
    flags,
    requestsTo: (path: string) => log.filter((r) => r.path === path),
    /** The most requests it was answering at once. */
    get maxConcurrent() {
      return concurrency.max;
    },
    /** The next request to a path starting with `prefix` gets `fault` (`times` times). */
    failNext(prefix: string, fault: AmoFault, times = 1) {
      for (let i = 0; i < times; i++) faults.push({ prefix, fault });
    },
    hooks,
    /** Drops memoized lists: the fixture changed. */
    forget: () => memo.clear(),
    addToken: (token: string, expiresAt: number) => void tokens.set(token, { expiresAt }),
    /** Every access token issued through OAuth stops working now (as if its 24 h were up). */
    expireAccessTokens() {
      for (const [token] of tokens) if (token.startsWith('access-')) tokens.set(token, { expiresAt: 0 });
    },
    /** A one-time authorization code, as amoCRM puts in the redirect after an admin allows access. */
    issueCode(code: string) {
      codes.add(code);
    },
    expireToken: (token: string) => void tokens.set(token, { expiresAt: 0 }),
    get blocked() {
      return blocked;
    },
    unblock() {
      blocked = false;
      consecutive429 = 0;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type FakeAmo = Awaited<ReturnType<typeof startFakeAmo>>;
