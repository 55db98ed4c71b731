import type { Logger } from '../../logger';
import type { CrmConnector } from '../connector';
import { TokenBucket } from '../http/token-bucket';
import type { EpochMs, SnapshotChunk } from '../model';
import { AmoApiError, createAmoClient, type AmoClient } from './client';
import { toCall, toDeal, toPipeline, toStageChange, toTask, toUser, toUserGroups } from './mapping';
import type { TokenSource } from './oauth';
import { pages } from './paging';
import { accountWire, callNoteWire, leadWire, lossReasonWire, pipelineWire, statusEventWire, taskWire, userWire } from './wire';

/** Page sizes: amoCRM's maxima (crm-apis.md §1.3). */
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
export interface AmoConnector extends CrmConnector {
  readonly client: AmoClient;
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
    bucket: new TokenBucket(options.ratePerSecond),
    logger: options.logger,
    ...(options.retryBaseMs !== undefined ? { retryBaseMs: options.retryBaseMs } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
  });
  const origin = new URL(options.baseUrl).origin;
  return {
    kind: 'amocrm',
    client,
    dealUrl: (dealId) => `${origin}/leads/detail/${encodeURIComponent(dealId)}`,
    fetchFull: () => fetchFull(client),
  };
}

async function* fetchFull(client: AmoClient): AsyncGenerator<SnapshotChunk> {
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

  const enteredStage = new Map<number, EpochMs>();
  const statusEvents = { 'filter[type]': 'lead_status_changed', 'filter[entity][]': 'lead' };
  for await (const events of pages(client, '/api/v4/events', { key: 'events', limit: EVENTS_LIMIT, query: statusEvents, schema: statusEventWire })) {
    const changes = events.map(toStageChange);
    for (const event of events) {
      const at = event.created_at * 1000;
      if ((enteredStage.get(event.entity_id) ?? -Infinity) < at) enteredStage.set(event.entity_id, at);
    }
    yield { entity: 'stageChanges', rows: changes };
  }

  for await (const leads of pages(client, '/api/v4/leads', { key: 'leads', limit: LIMIT, query: { with: 'loss_reason' }, schema: leadWire })) {
    const live = leads.filter((lead) => lead.is_deleted !== true);
    yield { entity: 'deals', rows: live.map((lead) => toDeal(lead, { stageEnteredAt: enteredStage.get(lead.id), lossReasons })) };
  }

  const taskTypes = new Map((account._embedded?.task_types ?? []).map((t) => [t.id, t.name]));
  for await (const tasks of pages(client, '/api/v4/tasks', { key: 'tasks', limit: LIMIT, schema: taskWire })) {
    yield { entity: 'tasks', rows: tasks.map((t) => toTask(t, taskTypes)) };
  }

  const callNotes = { 'filter[note_type][]': ['call_in', 'call_out'] };
  for await (const notes of pages(client, '/api/v4/leads/notes', { key: 'notes', limit: LIMIT, query: callNotes, schema: callNoteWire })) {
    yield { entity: 'calls', rows: notes.map(toCall) };
  }
}

