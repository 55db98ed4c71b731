import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { crmId, epochMs } from './columns';

/**
 * The database: the accounts we watch, each account's latest CRM snapshot,
 * its norms, the sync runs and the findings with their lifecycle.
 * Times are epoch milliseconds (UTC); CRM ids are text.
 */

export const accounts = sqliteTable('accounts', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  crm: text('crm', { enum: ['demo', 'amocrm', 'bitrix24'] }).notNull(),
  createdAt: epochMs('created_at').notNull(),
});

/** The owning account: every table carries it (design.md, "Accounts and privacy"). */
const accountId = () =>
  text('account_id')
    .notNull()
    .references(() => accounts.id, { onDelete: 'cascade' });

/** One norms document per account (src/norms/schema.ts), validated on every read. */
export const norms = sqliteTable('norms', {
  accountId: accountId().primaryKey(),
  document: text('document', { mode: 'json' }).notNull(),
  updatedAt: epochMs('updated_at').notNull(),
});

// ---- the snapshot: replaced as a whole by each full sync --------------------

export const userGroups = sqliteTable(
  'user_groups',
  {
    accountId: accountId(),
    id: crmId().notNull(),
    name: text('name').notNull(),
    leadUserId: crmId('lead_user_id'),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.id] })],
);

export const users = sqliteTable(
  'users',
  {
    accountId: accountId(),
    id: crmId().notNull(),
    name: text('name').notNull(),
    active: integer('active', { mode: 'boolean' }).notNull(),
    groupId: crmId('group_id'),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.id] })],
);

export const pipelines = sqliteTable(
  'pipelines',
  {
    accountId: accountId(),
    id: crmId().notNull(),
    name: text('name').notNull(),
    sort: integer('sort').notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.id] })],
);

export const stages = sqliteTable(
  'stages',
  {
    accountId: accountId(),
    id: crmId().notNull(),
    pipelineId: crmId('pipeline_id').notNull(),
    name: text('name').notNull(),
    sort: integer('sort').notNull(),
    kind: text('kind', { enum: ['open', 'won', 'lost'] }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.id] })],
);

export const deals = sqliteTable(
  'deals',
  {
    accountId: accountId(),
    id: crmId().notNull(),
    name: text('name').notNull(),
    price: real('price').notNull(),
    pipelineId: crmId('pipeline_id').notNull(),
    stageId: crmId('stage_id').notNull(),
    responsibleId: crmId('responsible_id'),
    createdAt: epochMs('created_at').notNull(),
    updatedAt: epochMs('updated_at').notNull(),
    closedAt: epochMs('closed_at'),
    stageEnteredAt: epochMs('stage_entered_at').notNull(),
    lossReason: text('loss_reason'),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.id] })],
);

export const tasks = sqliteTable(
  'tasks',
  {
    accountId: accountId(),
    id: crmId().notNull(),
    dealId: crmId('deal_id'),
    responsibleId: crmId('responsible_id'),
    text: text('text').notNull(),
    type: text('type').notNull(),
    dueAt: epochMs('due_at'),
    completed: integer('completed', { mode: 'boolean' }).notNull(),
    completedAt: epochMs('completed_at'),
    createdAt: epochMs('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.id] })],
);

export const stageChanges = sqliteTable(
  'stage_changes',
  {
    accountId: accountId(),
    id: crmId().notNull(),
    dealId: crmId('deal_id').notNull(),
    fromStageId: crmId('from_stage_id'),
    toStageId: crmId('to_stage_id').notNull(),
    at: epochMs('at').notNull(),
    byUserId: crmId('by_user_id'),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.id] })],
);

export const calls = sqliteTable(
  'calls',
  {
    accountId: accountId(),
    id: crmId().notNull(),
    direction: text('direction', { enum: ['in', 'out'] }).notNull(),
    missed: integer('missed', { mode: 'boolean' }).notNull(),
    userId: crmId('user_id'),
    dealId: crmId('deal_id'),
    at: epochMs('at').notNull(),
    durationSec: integer('duration_sec').notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.id] })],
);

// ---- bookkeeping --------------------------------------------------------------

export const syncRuns = sqliteTable(
  'sync_runs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    accountId: accountId(),
    mode: text('mode', { enum: ['full', 'incremental'] }).notNull(),
    status: text('status', { enum: ['running', 'ok', 'failed'] }).notNull(),
    startedAt: epochMs('started_at').notNull(),
    finishedAt: epochMs('finished_at'),
    /** Rows written per entity, e.g. {"deals": 3000}. */
    counts: text('counts', { mode: 'json' }).$type<Record<string, number>>(),
    error: text('error'),
  },
  (t) => [index('sync_runs_account_started').on(t.accountId, t.startedAt)],
);

/**
 * Findings as the bot observed them: first seen at one evaluation, resolved at
 * the first evaluation that no longer produced them. `key` identifies "the
 * same finding" across evaluations (src/rules/types.ts).
 */
export const findings = sqliteTable(
  'findings',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    accountId: accountId(),
    key: text('key').notNull(),
    rule: text('rule').notNull(),
    severity: text('severity', { enum: ['violation', 'remark'] }).notNull(),
    dealId: crmId('deal_id'),
    taskId: crmId('task_id'),
    managerId: crmId('manager_id'),
    pipelineId: crmId('pipeline_id'),
    stageId: crmId('stage_id'),
    amount: real('amount'),
    since: epochMs('since').notNull(),
    /** The rule's facts for the human explanation, rendered per reader's locale. */
    facts: text('facts', { mode: 'json' }).$type<Record<string, string | number | null>>().notNull(),
    firstSeenAt: epochMs('first_seen_at').notNull(),
    lastSeenAt: epochMs('last_seen_at').notNull(),
    resolvedAt: epochMs('resolved_at'),
  },
  (t) => [
    uniqueIndex('findings_open_key').on(t.accountId, t.key).where(sql`resolved_at IS NULL`),
    index('findings_account_rule').on(t.accountId, t.rule, t.resolvedAt),
  ],
);
