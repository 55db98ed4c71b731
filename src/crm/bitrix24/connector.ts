import qs from 'qs';
import type { Logger } from '../../logger';
import type { ChangeChunk, IdPrefix, LiveConnector, PreviousSnapshot } from '../connector';
import { readAllOrNone } from '../http/abort';
import type { TokenSource } from '../http/oauth-tokens';
import { TokenBucket } from '../../token-bucket';
import type { EntityName, EpochMs, SnapshotChunk, Stage, Task } from '../model';
import { activityToCall } from './call-mapping';
import { ACTIVITY_FIELDS, ACTIVITY_FIELDS_WITH_PHONE, CallMerge, readCallsSince, TELEPHONY_LOOKBACK_MS, telephonyList, telephonyOfActivities, TELEPHONY_METHOD } from './calls';
import { BATCH_LIMIT, BitrixApiError, createBitrixClient, failure, type BatchAnswer, type BitrixClient } from './client';
import { isoWithOffset, PAGE, readSmallLists, walkLists, type CursorList, type Row, type SkippedList, type SmallList, type WalkedRows } from './lists';
import {
  ACTIVITY_TYPES_READ,
  activityToTask,
  CREATED_ROW,
  isCrmTask,
  stageEntity,
  toDeal,
  toPipeline,
  toStage,
  toStageChange,
  toTask,
  toUser,
  toUserGroup,
  type LossReasonSource,
} from './mapping';
import { activityWire, callStatWire, categoryWire, dealWire, departmentWire, parseRows, stageHistoryWire, stageWire, taskWire, userFieldWire, userWire, type DealWire } from './wire';

export interface BitrixConnectorOptions {
  /** An incoming webhook's URL, or `https://<portal>/rest/` with OAuth tokens. */
  endpoint: string;
  tokens?: TokenSource;
  /** The portal's address, for deal links. */
  portalUrl: string;
  /** The portal's leaky bucket: 2/s with a burst of 50 (Enterprise: 5/s, 250). */
  ratePerSecond: number;
  burst: number;
  /** A deal user field that holds the loss reason (e.g. UF_CRM_LOSS_REASON); else failure stages name it. */
  lossReasonField?: string | undefined;
  logger: Logger;
  retryBaseMs?: number;
  timeoutMs?: number;
  operatingPauseMs?: number;
}

export interface BitrixConnector extends LiveConnector {
  readonly client: BitrixClient;
}

/** CONTACT_ID is the deal's main contact; crm.deal.list gives no other (see toDeal). */
const DEAL_FIELDS = ['ID', 'TITLE', 'CATEGORY_ID', 'STAGE_ID', 'STAGE_SEMANTIC_ID', 'OPPORTUNITY', 'CURRENCY_ID', 'ASSIGNED_BY_ID', 'DATE_CREATE', 'DATE_MODIFY', 'MOVED_TIME', 'CONTACT_ID', 'COMPANY_ID'];
const HISTORY_FIELDS = ['ID', 'TYPE_ID', 'OWNER_ID', 'CREATED_TIME', 'CATEGORY_ID', 'STAGE_ID', 'STAGE_SEMANTIC_ID'];
const TASK_FIELDS = ['ID', 'TITLE', 'RESPONSIBLE_ID', 'DEADLINE', 'STATUS', 'CLOSED_DATE', 'CREATED_DATE', 'CHANGED_DATE', 'UF_CRM_TASK'];
/** Only tasks bound to the CRM: `!UF_CRM_TASK` with an empty value means "not empty". */
const CRM_TASKS = { '!UF_CRM_TASK': '' };
const ACTIVITIES = { '@TYPE_ID': ACTIVITY_TYPES_READ };
/** Activities share the tasks table with tasks, their ids prefixed. */
const ACTIVITY_IDS: IdPrefix = { prefix: 'act-' };
const TASK_IDS: IdPrefix = { prefix: 'act-', not: true };

type ListName = 'deals' | 'history' | 'tasks' | 'activities' | 'calls';

/**
 * Bitrix24 REST as a CrmConnector. Reference lists by
 * offset in one batch; deals, stage history, tasks, activities and
 * telephony statistics walked by ID cursor, chained pages in batches, all
 * streamed; calls from both of the last two, merged (CallMerge).
 */
export function createBitrixConnector(options: BitrixConnectorOptions): BitrixConnector {
  const client = createBitrixClient({
    endpoint: options.endpoint,
    ...(options.tokens ? { tokens: options.tokens } : {}),
    bucket: TokenBucket.under({ ratePerSecond: options.ratePerSecond, burst: options.burst }),
    logger: options.logger,
    ...(options.retryBaseMs !== undefined ? { retryBaseMs: options.retryBaseMs } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.operatingPauseMs !== undefined ? { operatingPauseMs: options.operatingPauseMs } : {}),
  });
  const origin = new URL(options.portalUrl).origin;
  const ctx: SyncContext = { client, lossField: options.lossReasonField ?? null, logger: options.logger };
  return {
    kind: 'bitrix24',
    client,
    dealUrl: (dealId) => `${origin}/crm/deal/details/${encodeURIComponent(dealId)}/`,
    fetchFull: () => fetchFull(ctx),
    fetchChanges: (since, previous) => fetchChanges(ctx, since, previous),
    readTasks: (ids, { signal } = {}) => readTasks(client, ids, signal),
    readCallsSince: (since, { signal } = {}) => readCallsSince(client, since, { signal, onSkipped: warnSkipped(options.logger, 'read calls') }),
  };
}

interface SyncContext {
  client: BitrixClient;
  lossField: string | null;
  logger: Logger;
}

/** Users, departments, pipelines and their stages (and the loss-reason field's values). */
async function* referenceLists(ctx: SyncContext): AsyncGenerator<SnapshotChunk, LossReasonSource> {
  const { client } = ctx;
  const small: Record<string, SmallList> = {
    users: { method: 'user.get', params: { FILTER: { ACTIVE: true }, sort: 'ID', order: 'ASC' } },
    departments: { method: 'department.get', params: { sort: 'ID', order: 'ASC' } },
    categories: { method: 'crm.category.list', params: { entityTypeId: 2 }, rowsAt: 'categories' },
  };
  if (ctx.lossField) small.lossField = { method: 'crm.deal.userfield.list', params: { filter: { FIELD_NAME: ctx.lossField } } };
  const first = await readSmallLists(client, small);
  yield { entity: 'userGroups', rows: parseRows(departmentWire, first.departments ?? [], 'department.get').map(toUserGroup) };
  yield { entity: 'users', rows: parseRows(userWire, first.users ?? [], 'user.get').map(toUser) };
  const pipelines = parseRows(categoryWire, first.categories ?? [], 'crm.category.list').map(toPipeline);
  // The default pipeline (0) is listed by crm.category.list on current portals; older ones leave it out.
  if (!pipelines.some((p) => p.id === '0')) pipelines.unshift({ id: '0', name: 'Общая', sort: 0 });
  yield { entity: 'pipelines', rows: pipelines };
  const stageLists = await readSmallLists(
    client,
    Object.fromEntries(pipelines.map((p) => [`p${p.id}`, { method: 'crm.status.list', params: { filter: { ENTITY_ID: stageEntity(p.id) }, order: { SORT: 'ASC' } } }])),
  );
  const stages = pipelines.flatMap((p) => parseRows(stageWire, stageLists[`p${p.id}`] ?? [], 'crm.status.list').map((s) => toStage(s, p.id)));
  yield { entity: 'stages', rows: stages };
  const field = ctx.lossField ? parseRows(userFieldWire, first.lossField ?? [], 'crm.deal.userfield.list')[0] : undefined;
  if (ctx.lossField && !field) {
    throw new BitrixApiError(`BITRIX24_LOSS_REASON_FIELD=${ctx.lossField}: the portal has no such deal field. Check its code in the CRM settings (it starts with UF_CRM_) or unset the variable.`, 'bad-request', null);
  }
  return {
    field: ctx.lossField,
    values: new Map((field?.LIST ?? []).map((v) => [v.ID, v.VALUE])),
    stages: new Map(stages.map((s): [string, Stage] => [s.id, s])),
  };
}

/** The cursor lists, all of them or (with `since`) only what changed since then. */
function cursorLists(ctx: SyncContext, since: EpochMs | null): Record<ListName, CursorList> {
  const from = since === null ? null : isoWithOffset(since);
  const changed = (field: string) => (from === null ? {} : { [field]: from });
  return {
    deals: { method: 'crm.deal.list', params: { select: [...DEAL_FIELDS, ...(ctx.lossField ? [ctx.lossField] : [])], filter: changed('>DATE_MODIFY') } },
    history: { method: 'crm.stagehistory.list', params: { entityTypeId: 2, select: HISTORY_FIELDS, filter: changed('>=CREATED_TIME') }, rowsAt: 'items' },
    tasks: { method: 'tasks.task.list', params: { select: TASK_FIELDS, filter: { ...CRM_TASKS, ...changed('>=CHANGED_DATE') } }, rowsAt: 'tasks', idField: 'id' },
    activities: { method: 'crm.activity.list', params: { select: ACTIVITY_FIELDS_WITH_PHONE, filter: { ...ACTIVITIES, ...changed('>=LAST_UPDATED') } } },
    // Every call, answered, missed or outgoing: a missed call's return is an outgoing one.
    calls: telephonyList(since === null ? {} : { '>=CALL_START_DATE': isoWithOffset(since - TELEPHONY_LOOKBACK_MS) }),
  };
}

/** What turning a walk's pages into rows keeps between pages. `stageBefore` gives a deal's stage before the first history row read. */
interface WalkState {
  loss: LossReasonSource;
  lastStage: Map<string, string>;
  stageBefore: (dealId: string) => string | null;
  calls: CallMerge;
}

/**
 * Turns walked pages into snapshot rows; `claims` are the activity calls
 * (`act-…`) that telephony records read stand for, which a sync of changes
 * deletes where an earlier sync stored them.
 */
function toChunks({ list, rows, ended }: WalkedRows<ListName>, walk: WalkState): { chunks: SnapshotChunk[]; claims: string[] } {
  switch (list) {
    case 'deals':
      return { chunks: [{ entity: 'deals', rows: parseRows(dealWire, rows, 'crm.deal.list').map((d) => toDeal(d as DealWire & Row, walk.loss)) }], claims: [] };
    case 'history': {
      const changes = [];
      for (const row of parseRows(stageHistoryWire, rows, 'crm.stagehistory.list')) {
        const from = walk.lastStage.get(row.OWNER_ID) ?? walk.stageBefore(row.OWNER_ID);
        walk.lastStage.set(row.OWNER_ID, row.STAGE_ID);
        if (row.TYPE_ID !== CREATED_ROW) changes.push(toStageChange(row, from));
      }
      return { chunks: [{ entity: 'stageChanges', rows: changes }], claims: [] };
    }
    case 'tasks':
      return { chunks: [{ entity: 'tasks', rows: parseRows(taskWire, rows, 'tasks.task.list').filter(isCrmTask).map(toTask) }], claims: [] };
    case 'activities': {
      const activities = parseRows(activityWire, rows, 'crm.activity.list');
      const calls = walk.calls.activities(activities.flatMap((a) => activityToCall(a) ?? []));
      return { chunks: [{ entity: 'tasks', rows: activities.map(activityToTask) }, { entity: 'calls', rows: calls }], claims: [] };
    }
    case 'calls': {
      const { calls, claims } = walk.calls.telephony(parseRows(callStatWire, rows, TELEPHONY_METHOD));
      // Once the telephony list is read (or refused), the activity calls held meanwhile go on.
      return { chunks: [{ entity: 'calls', rows: ended ? [...calls, ...walk.calls.telephonyRead()] : calls }], claims };
    }
  }
}

/** Logs a list the webhook may not read (telephony without its scope); `what` says what went on without it. */
const warnSkipped = (logger: Logger, what: 'synced' | 'read calls' = 'synced') => (skipped: SkippedList) =>
  logger.warn({ crm: 'bitrix24', list: skipped.list, reason: skipped.error.message }, `Bitrix24 list not available to this webhook; ${what} without it`);

async function* fetchFull(ctx: SyncContext): AsyncGenerator<SnapshotChunk> {
  const loss = yield* referenceLists(ctx);
  const lists = cursorLists(ctx, null);
  const parts = historyParts(await dealIdRange(ctx.client));
  if (parts) lists.history.parts = parts;
  const walk: WalkState = { loss, lastStage: new Map(), stageBefore: () => null, calls: new CallMerge() };
  // The whole telephony list is read: no record outside it can claim an activity call.
  for await (const walked of walkLists(ctx.client, lists, warnSkipped(ctx.logger))) yield* toChunks(walked, walk).chunks;
}

/**
 * Stage history is about half a large portal's full sync (a row per move
 * and one per deal made): walked alone once the other lists end, it would go
 * one request at a time again. So a full sync walks it in parts, by deal:
 * each deal's rows stay in one part, in ID order, which is all `from` needs.
 * A small portal's history is a few batches: it is not split, which would
 * only spend the method's operating time on more commands.
 */
const HISTORY_PARTS = 4;
const SPLIT_FROM_DEAL_SPAN = 10_000;

/**
 * The oldest and the newest deal's ids (null without deals, or when the
 * newest is under SPLIT_FROM_DEAL_SPAN: a small portal, not split, asked
 * nothing more): where the history's parts are cut. A portal's ids need not
 * start near 1 (an imported or a long-lived portal's do not), so parts are
 * cut between the two, not from 1.
 */
async function dealIdRange(client: BitrixClient): Promise<{ first: number; last: number } | null> {
  const end = async (order: 'ASC' | 'DESC') => {
    const answer = await client.call('crm.deal.list', { order: { ID: order }, select: ['ID'], start: -1 });
    const id = Number((Array.isArray(answer.result) ? (answer.result[0] as Row | undefined) : undefined)?.ID);
    return Number.isSafeInteger(id) && id > 0 ? id : null;
  };
  const last = await end('DESC');
  if (last === null || last < SPLIT_FROM_DEAL_SPAN) return null;
  const first = await end('ASC');
  return first === null ? null : { first, last };
}

/** OWNER_ID ranges that split deals first…last in `HISTORY_PARTS`; the last is open, for deals made during the sync. */
function historyParts(range: { first: number; last: number } | null): Record<string, number>[] | undefined {
  if (range === null || range.last - range.first < SPLIT_FROM_DEAL_SPAN) return undefined;
  const span = range.last - range.first + 1;
  const cuts = Array.from({ length: HISTORY_PARTS - 1 }, (_, i) => range.first + Math.floor(((i + 1) * span) / HISTORY_PARTS));
  return Array.from({ length: HISTORY_PARTS }, (_, i) => ({
    ...(i > 0 ? { '>=OWNER_ID': cuts[i - 1]! } : {}),
    ...(i < HISTORY_PARTS - 1 ? { '<OWNER_ID': cuts[i]! } : {}),
  }));
}

/**
 * What changed since `since`: the
 * reference lists whole; deals, tasks and activities modified since then;
 * stage-history rows since then, and telephony records of calls begun since
 * then (TELEPHONY_LOOKBACK_MS earlier). Calls merge as in a full sync, and
 * more: an activity call an earlier sync stored is deleted once a record
 * claims it, and activity calls no record read claims are asked about by
 * CRM_ACTIVITY_ID (one more request, only when there are such calls) — an
 * activity changed today may be a call whose record an older sync read.
 * Deletions: the portal's totals are compared with the snapshot's, and only
 * on a difference are the ids listed (select ID only, 2 500 per request) to
 * find what is gone; a deleted activity's call goes with it.
 */
async function* fetchChanges(ctx: SyncContext, since: EpochMs, previous: PreviousSnapshot): AsyncGenerator<ChangeChunk> {
  const references = referenceLists(ctx);
  let step = await references.next();
  while (!step.done) {
    yield { op: 'replace', ...step.value };
    step = await references.next();
  }
  const walk: WalkState = { loss: step.value, lastStage: new Map(), stageBefore: (dealId) => previous.dealStage(dealId)?.stageId ?? null, calls: new CallMerge() };
  const fresh = { deals: 0, tasks: 0, activities: 0 };
  let telephonyAllowed = true;
  const onSkipped = (skipped: SkippedList) => {
    if (skipped.list === 'calls') telephonyAllowed = false;
    warnSkipped(ctx.logger)(skipped);
  };
  for await (const walked of walkLists(ctx.client, cursorLists(ctx, since), onSkipped)) {
    const { list } = walked;
    const { chunks, claims } = toChunks(walked, walk);
    if (claims.length > 0) yield { op: 'delete', entity: 'calls', ids: claims };
    for (const chunk of chunks) {
      if (chunk.entity === 'stageChanges') {
        // A history row read again (it came while the last sync ran) is kept as stored: its `from` is known there.
        yield { op: 'upsert', entity: 'stageChanges', rows: chunk.rows.filter((c) => !previous.has('stageChanges', c.id)) };
        continue;
      }
      // Rows the snapshot did not hold raise the total the portal should report (see deletions).
      if (isCounted(list) && chunk.entity === COUNTED[list].entity) fresh[list] += chunk.rows.filter((r) => !previous.has(COUNTED[list].entity, r.id)).length;
      yield { op: 'upsert', ...chunk };
    }
  }
  if (telephonyAllowed) {
    for await (const records of telephonyOfActivities(ctx.client, walk.calls.unclaimed())) {
      // The records an older sync read are upserted as they were; the activity calls they claim go.
      const { calls, claims } = walk.calls.telephony(records);
      if (claims.length > 0) yield { op: 'delete', entity: 'calls', ids: claims };
      yield { op: 'upsert', entity: 'calls', rows: calls };
    }
  }
  yield* deletions(ctx, previous, fresh);
}

/** The three lists whose deletions matter, with how the portal and the snapshot count them. */
const COUNTED = {
  deals: { method: 'crm.deal.list', filter: {}, entity: 'deals', only: undefined, idField: 'ID', rowsAt: undefined },
  tasks: { method: 'tasks.task.list', filter: CRM_TASKS, entity: 'tasks', only: TASK_IDS, idField: 'id', rowsAt: 'tasks' },
  activities: { method: 'crm.activity.list', filter: ACTIVITIES, entity: 'tasks', only: ACTIVITY_IDS, idField: 'ID', rowsAt: undefined },
} as const;

const isCounted = (list: ListName): list is keyof typeof COUNTED => list in COUNTED;

async function* deletions(ctx: SyncContext, previous: PreviousSnapshot, fresh: Record<keyof typeof COUNTED, number>): AsyncGenerator<ChangeChunk> {
  const names = Object.keys(COUNTED) as (keyof typeof COUNTED)[];
  // start=0 makes Bitrix24 count; one row is enough to get the total.
  const answer = await ctx.client.batch(
    Object.fromEntries(names.map((n) => [n, `${COUNTED[n].method}?${qs.stringify({ select: [COUNTED[n].idField.toUpperCase()], filter: COUNTED[n].filter, start: 0 })}`])),
  );
  for (const name of names) {
    const spec = COUNTED[name];
    const error = answer.errors[name];
    if (error) throw failure(spec.method, 400, error.error, error.error_description ?? '', ctx.client.portal);
    const total = answer.total[name] ?? 0;
    const expected = previous.count(spec.entity, spec.only) + fresh[name];
    if (total >= expected) continue;
    const inCrm = new Set<string>();
    const prefix = name === 'activities' ? ACTIVITY_IDS.prefix : '';
    const list: CursorList = { method: spec.method, params: { select: [spec.idField.toUpperCase()], filter: spec.filter }, idField: spec.idField, ...(spec.rowsAt ? { rowsAt: spec.rowsAt } : {}) };
    for await (const { rows } of walkLists(ctx.client, { ids: list })) for (const row of rows) inCrm.add(`${prefix}${String(row[spec.idField])}`);
    const gone = previous.ids(spec.entity, spec.only).filter((id) => !inCrm.has(id));
    ctx.logger.info({ crm: 'bitrix24', list: name, deleted: gone.length }, 'Bitrix24 rows deleted since the last sync');
    if (gone.length > 0) yield { op: 'delete', entity: spec.entity as EntityName, ids: gone };
    // A call activity is a task and a call under the same id: both go.
    if (gone.length > 0 && name === 'activities') yield { op: 'delete', entity: 'calls', ids: gone };
  }
}

/** One command of a read by id: which list it reads, and the ids it asks for. */
interface ByIdCommand {
  list: 'tasks' | 'activities';
  method: string;
  query: string;
  /** The ids it asks for, as the tasks it reads are keyed (`act-` for activities). */
  ids: Set<string>;
}

/**
 * The tasks with these ids as the portal has them now, mapped as a sync maps
 * them: plain ids from tasks.task.list (CRM-bound tasks only, as the sync
 * reads them), `act-` ids from crm.activity.list (the activity types the sync
 * reads). Each command asks for at most a page of ids (50), filtered `ID` in
 * the list, with the sync's select and filter; all commands go in one
 * `batch` — up to 50 commands, 2 500 ids, a request; more ids, more batches,
 * sent together and paced by the client's bucket. So the tens of ids an
 * overdue check asks about cost one request. An id the portal cannot have
 * (neither a number nor `act-` and a number) is not asked about. No ids, no
 * request. A command the portal refuses fails the whole read, as in a sync;
 * so does an answer holding a row not asked about.
 */
async function readTasks(client: BitrixClient, ids: readonly string[], signal: AbortSignal | undefined): Promise<Task[]> {
  const asked = new Set(ids);
  const number = /^\d+$/;
  const taskIds = [...asked].filter((id) => number.test(id));
  const activityIds = [...asked].flatMap((id) => (id.startsWith(ACTIVITY_IDS.prefix) && number.test(id.slice(ACTIVITY_IDS.prefix.length)) ? [id.slice(ACTIVITY_IDS.prefix.length)] : []));
  const commands: ByIdCommand[] = [];
  // start=-1: the portal skips its count; one page holds every id a command asks for.
  for (let i = 0; i < taskIds.length; i += PAGE) {
    const chunk = taskIds.slice(i, i + PAGE);
    commands.push({ list: 'tasks', method: 'tasks.task.list', query: qs.stringify({ select: TASK_FIELDS, filter: { ...CRM_TASKS, ID: chunk }, start: -1 }), ids: new Set(chunk) });
  }
  for (let i = 0; i < activityIds.length; i += PAGE) {
    const chunk = activityIds.slice(i, i + PAGE);
    const ids = new Set(chunk.map((id) => `${ACTIVITY_IDS.prefix}${id}`));
    commands.push({ list: 'activities', method: 'crm.activity.list', query: qs.stringify({ select: ACTIVITY_FIELDS, filter: { ...ACTIVITIES, ID: chunk }, start: -1 }), ids });
  }
  if (commands.length === 0) return [];
  const batches: ByIdCommand[][] = [];
  for (let i = 0; i < commands.length; i += BATCH_LIMIT) batches.push(commands.slice(i, i + BATCH_LIMIT));
  return readAllOrNone(batches, signal, async (batch, batchSignal) => {
    const answer = await client.batch(Object.fromEntries(batch.map((c, i) => [`${c.list}${i}`, `${c.method}?${c.query}`])), { signal: batchSignal });
    return batch.flatMap((c, i) => {
      const tasks = tasksOf(client, answer, `${c.list}${i}`, c);
      // A filter the portal ignored would answer with other rows, and the ones asked about would look deleted: an error, not an answer.
      const stray = tasks.find((task) => !c.ids.has(task.id));
      if (stray) throw new BitrixApiError(`Bitrix24 (${client.portal}) answered ${c.method} filtered by ID with ${stray.id}, which was not asked for: the filter was not applied`, 'bad-request', null);
      return tasks;
    });
  });
}

/** One command's rows, mapped; its error thrown with its method. */
function tasksOf(client: BitrixClient, answer: BatchAnswer, key: string, command: ByIdCommand): Task[] {
  const error = answer.errors[key];
  if (error) throw failure(command.method, 400, error.error, error.error_description ?? '', client.portal);
  const raw = answer.result[key];
  // tasks.task.list answers `{tasks: [...]}`, crm.activity.list the rows themselves; an empty answer may come as [].
  const rows = command.list === 'tasks' && !Array.isArray(raw) ? (raw as Record<string, unknown> | undefined)?.tasks : raw;
  if (rows === undefined) return [];
  if (!Array.isArray(rows)) throw new BitrixApiError(`Bitrix24 answered ${command.method} (by id) with an unexpected shape: expected a list of rows`, 'bad-request', null);
  if (command.list === 'tasks') return parseRows(taskWire, rows, command.method).filter(isCrmTask).map(toTask);
  return parseRows(activityWire, rows, command.method).map(activityToTask);
}
