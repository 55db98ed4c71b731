import type { Logger } from '../../logger';
import type { ChangeChunk, LiveConnector, PreviousSnapshot } from '../connector';
import { TokenBucket } from '../../token-bucket';
import type { EpochMs, SnapshotChunk, Task } from '../model';
import { AmoApiError, createAmoClient, type AmoClient } from './client';
import { stageKey, toDeal, toPipeline, toStageChange, toTask, toUser, toUserGroups } from './mapping';
import type { TokenSource } from '../http/oauth-tokens';
import { pages, READ_AHEAD } from './paging';
import { callPages, NOTE_ENTITIES, readCallsSince, updatedFrom } from './read-calls';
import { amoTaskIds, mapTasks, readTaskRows, readTaskTypes, unnamedTypes } from './read-tasks';
import { accountWire, deletionEventWire, leadWire, lossReasonWire, pipelineWire, statusEventWire, taskWire, userWire, type AccountWire, type LeadWire } from './wire';

/** Page sizes: amoCRM's maxima, 250 rows and 100 for /api/v4/events (amoCRM API v4). */
const LIMIT = 250;
const EVENTS_LIMIT = 100;

export interface AmoConnectorOptions {
  baseUrl: string;
  /** A long-lived token, or OAuth tokens from the database. */
  tokens: TokenSource;
  /** Requests per second allowed to this account: amoCRM documents 7. */
  ratePerSecond: number;
  logger: Logger;
  retryBaseMs?: number;
  timeoutMs?: number;
}

/** The amoCRM connector plus what a sync reports about it. */
export interface AmoConnector extends LiveConnector {
  readonly client: AmoClient;
  readCallsSince: NonNullable<LiveConnector['readCallsSince']>;
}

/**
 * The account's task types, kept between reads of tasks by id: a task's
 * type is named from them, and asking the account for them on every read
 * would double its requests. Each sync reads the account anyway and
 * refreshes them; `unlisted` holds types a fresh list still lacked, so a
 * task of such a type does not cost a request on every read.
 */
interface TaskTypeCache {
  known: Map<number, string> | null;
  unlisted: Set<number>;
}

/**
 * amoCRM API v4 as a CrmConnector: a full snapshot streamed page by page.
 * Stage history comes first (lead_status_changed events), so each lead's
 * time in its stage is known when the lead is read; only the latest change
 * per lead is kept in memory, never the account.
 */
export function createAmoConnector(options: AmoConnectorOptions): AmoConnector {
  const client = createAmoClient({
    baseUrl: options.baseUrl,
    tokens: options.tokens,
    bucket: TokenBucket.under({ ratePerSecond: options.ratePerSecond }),
    logger: options.logger,
    ...(options.retryBaseMs !== undefined ? { retryBaseMs: options.retryBaseMs } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
  });
  const origin = new URL(options.baseUrl).origin;
  const types: TaskTypeCache = { known: null, unlisted: new Set() };
  const remember = (taskTypes: Map<number, string>) => {
    types.known = taskTypes;
    types.unlisted.clear();
  };
  return {
    kind: 'amocrm',
    client,
    dealUrl: (dealId) => `${origin}/leads/detail/${encodeURIComponent(dealId)}`,
    fetchFull: () => fetchFull(client, remember),
    fetchChanges: (since, previous) => fetchChanges(client, since, previous, remember),
    readTasks: (ids, { signal } = {}) => readTasks(client, types, ids, signal),
    readCallsSince: (since, { signal } = {}) => readCallsSince(client, since, signal),
  };
}

/**
 * The tasks with these ids as amoCRM has them now, mapped as a sync maps
 * them. Cost: one GET /api/v4/tasks per 250 ids (so one for the tens an
 * overdue check asks about), sent together; plus one GET /api/v4/account
 * for the task types the first time, unless a sync through this connector
 * has read them already, and one again when a task has a type added since
 * (once per such type until the next sync). No ids (or none that can be
 * an amoCRM task's), no request.
 */
async function readTasks(client: AmoClient, types: TaskTypeCache, ids: readonly string[], signal: AbortSignal | undefined): Promise<Task[]> {
  const wanted = amoTaskIds(ids);
  if (wanted.length === 0) return [];
  const [rows, known] = await Promise.all([readTaskRows(client, wanted, signal), types.known ?? readTaskTypes(client, signal)]);
  types.known = known;
  if (unnamedTypes(rows, known).some((id) => !types.unlisted.has(id))) {
    const fresh = await readTaskTypes(client, signal);
    types.known = fresh;
    for (const id of unnamedTypes(rows, fresh)) types.unlisted.add(id);
  }
  return mapTasks(rows, types.known);
}

/** The account's reference lists (groups, users, pipelines and stages) and what leads and tasks are read with. */
async function* referenceLists(client: AmoClient): AsyncGenerator<SnapshotChunk, { account: AccountWire; lossReasons: Map<number, string> }> {
  const answer = await client.get('/api/v4/account?with=users_groups,task_types,is_api_filter_enabled');
  const parsed = accountWire.safeParse(answer);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AmoApiError(`amoCRM answered /api/v4/account with an unexpected shape: ${issue?.path.join('.')}: ${issue?.message}`, 'bad-request', 200);
  }
  const account = parsed.data;
  yield { entity: 'userGroups', rows: toUserGroups(account) };
  for await (const users of pages(client, '/api/v4/users', { key: 'users', limit: LIMIT, schema: userWire })) {
    yield { entity: 'users', rows: users.map(toUser) };
  }
  for await (const list of pages(client, '/api/v4/leads/pipelines', { key: 'pipelines', limit: LIMIT, schema: pipelineWire })) {
    const mapped = list.map(toPipeline);
    yield { entity: 'pipelines', rows: mapped.map((m) => m.pipeline) };
    yield { entity: 'stages', rows: mapped.flatMap((m) => m.stages) };
  }
  const lossReasons = new Map<number, string>();
  if (account.is_loss_reason_enabled !== false) {
    for await (const reasons of pages(client, '/api/v4/leads/loss_reasons', { key: 'loss_reasons', limit: LIMIT, schema: lossReasonWire })) {
      for (const r of reasons) lossReasons.set(r.id, r.name);
    }
  }
  return { account, lossReasons };
}

const STATUS_EVENTS = { 'filter[type]': 'lead_status_changed', 'filter[entity][]': 'lead' };
/** What leads are read with: the loss reason's name, and the contacts (`_embedded.contacts`, not there otherwise). */
const LEADS_WITH = 'loss_reason,contacts';
const seconds = (ms: EpochMs) => String(Math.floor(ms / 1000));

/** Called with the account's task types each time a sync reads them. */
type RememberTaskTypes = (taskTypes: Map<number, string>) => void;

async function* fetchFull(client: AmoClient, remember: RememberTaskTypes): AsyncGenerator<SnapshotChunk> {
  const { account, lossReasons } = yield* referenceLists(client);

  const enteredStage = new Map<number, EpochMs>();
  for await (const events of pages(client, '/api/v4/events', { key: 'events', limit: EVENTS_LIMIT, query: STATUS_EVENTS, schema: statusEventWire })) {
    noteStageEntries(events, enteredStage);
    yield { entity: 'stageChanges', rows: events.map(toStageChange) };
  }
  for await (const leads of pages(client, '/api/v4/leads', { key: 'leads', limit: LIMIT, query: { with: LEADS_WITH }, schema: leadWire })) {
    const live = leads.filter((lead) => lead.is_deleted !== true);
    yield { entity: 'deals', rows: live.map((lead) => toDeal(lead, { stageEnteredAt: enteredStage.get(lead.id), lossReasons })) };
  }
  const taskTypes = new Map((account._embedded?.task_types ?? []).map((t) => [t.id, t.name]));
  remember(taskTypes);
  for await (const tasks of pages(client, '/api/v4/tasks', { key: 'tasks', limit: LIMIT, schema: taskWire })) {
    yield { entity: 'tasks', rows: tasks.map((t) => toTask(t, taskTypes)) };
  }
  for (const on of NOTE_ENTITIES) {
    for await (const calls of callPages(client, on)) yield { entity: 'calls', rows: calls };
  }
}

/**
 * What changed since `since`: the
 * small reference lists whole; stage changes and deletions from the events
 * since then; leads, tasks and call notes (of leads, contacts and
 * companies) updated since then — by filter
 * where the account has API filters, else newest first until the watermark
 * (lead filters are an opt-in package; without it amoCRM ignores them silently).
 */
async function* fetchChanges(client: AmoClient, since: EpochMs, previous: PreviousSnapshot, remember: RememberTaskTypes): AsyncGenerator<ChangeChunk> {
  const references = referenceLists(client);
  let step = await references.next();
  while (!step.done) {
    yield { op: 'replace', ...step.value };
    step = await references.next();
  }
  const { account, lossReasons } = step.value;
  const from = { 'filter[created_at][from]': seconds(since) };

  const enteredStage = new Map<number, EpochMs>();
  for await (const events of pages(client, '/api/v4/events', { key: 'events', limit: EVENTS_LIMIT, query: { ...STATUS_EVENTS, ...from }, schema: statusEventWire })) {
    noteStageEntries(events, enteredStage);
    yield { op: 'upsert', entity: 'stageChanges', rows: events.map(toStageChange) };
  }
  const deletions = { 'filter[type]': 'lead_deleted', 'filter[entity][]': 'lead', ...from };
  for await (const events of pages(client, '/api/v4/events', { key: 'events', limit: EVENTS_LIMIT, query: deletions, schema: deletionEventWire })) {
    const ids = events.map((e) => String(e.entity_id));
    yield { op: 'delete', entity: 'deals', ids };
  }

  const stageEnteredAt = (lead: LeadWire): EpochMs | undefined => {
    const fromEvents = enteredStage.get(lead.id);
    if (fromEvents !== undefined) return fromEvents;
    const before = previous.dealStage(String(lead.id));
    // No stage change came in: the deal is where it was since it got there.
    return before && before.stageId === stageKey(lead.pipeline_id, lead.status_id) ? before.stageEnteredAt : undefined;
  };
  for await (const leads of changedLeads(client, since, account.is_api_filter_enabled === true)) {
    const live = leads.filter((lead) => lead.is_deleted !== true);
    const gone = leads.filter((lead) => lead.is_deleted === true).map((lead) => String(lead.id));
    yield { op: 'upsert', entity: 'deals', rows: live.map((lead) => toDeal(lead, { stageEnteredAt: stageEnteredAt(lead), lossReasons })) };
    if (gone.length > 0) yield { op: 'delete', entity: 'deals', ids: gone };
  }
  const taskTypes = new Map((account._embedded?.task_types ?? []).map((t) => [t.id, t.name]));
  remember(taskTypes);
  const updated = updatedFrom(since);
  for await (const tasks of pages(client, '/api/v4/tasks', { key: 'tasks', limit: LIMIT, query: updated, schema: taskWire })) {
    yield { op: 'upsert', entity: 'tasks', rows: tasks.map((t) => toTask(t, taskTypes)) };
  }
  for (const on of NOTE_ENTITIES) {
    for await (const calls of callPages(client, on, { query: updated })) yield { op: 'upsert', entity: 'calls', rows: calls };
  }
}

/**
 * Leads updated since `since`. With API filters: `filter[updated_at][from]`.
 * Without (an opt-in package on amoCRM.ru): newest first, stopping at the
 * first lead older than the watermark — the condition is checked here either
 * way, since a filter the account ignores would return everything.
 */
async function* changedLeads(client: AmoClient, since: EpochMs, filtersEnabled: boolean): AsyncGenerator<LeadWire[]> {
  const query: Record<string, string> = { with: LEADS_WITH, 'order[updated_at]': 'desc' };
  if (filtersEnabled) query['filter[updated_at][from]'] = seconds(since);
  // Unfiltered, the walk stops at the watermark, most often on its first page: pages read ahead would be wasted.
  const readAhead = filtersEnabled ? READ_AHEAD : 0;
  for await (const leads of pages(client, '/api/v4/leads', { key: 'leads', limit: LIMIT, query, schema: leadWire, readAhead })) {
    const fresh = leads.filter((lead) => lead.updated_at * 1000 >= since);
    if (fresh.length > 0) yield fresh;
    if (fresh.length < leads.length) return;
  }
}

function noteStageEntries(events: readonly { entity_id: number; created_at: number }[], enteredStage: Map<number, EpochMs>): void {
  for (const event of events) {
    const at = event.created_at * 1000;
    if ((enteredStage.get(event.entity_id) ?? -Infinity) < at) enteredStage.set(event.entity_id, at);
  }
}
