import { sql } from 'drizzle-orm';
import { blob, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
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

/**
 * The owning account, carried from the start even with one account so that
 * many never means touching every query. Three tables go without: outbox_files
 * (its rows hang off an account-scoped outbox row and go with it),
 * conversation_state (keyed by Telegram chat and user, not by account) and
 * process_heartbeats (a process using the file, not an account's data).
 */
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
    contactIds: text('contact_ids', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    companyId: crmId('company_id'),
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
  (t) => [
    primaryKey({ columns: [t.accountId, t.id] }),
    // The every-minute overdue check reads open tasks by due time, not the whole table.
    index('tasks_open_due').on(t.accountId, t.dueAt).where(sql`completed = 0`),
    // Findings and reports read the tasks of the deals alive in their window (src/db/window-scope.ts);
    // with the times in it, which of a deal's tasks to keep is decided off the index, and only those are read.
    index('tasks_deal_times').on(t.accountId, t.dealId, t.createdAt, t.completed, t.completedAt),
  ],
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
  (t) => [primaryKey({ columns: [t.accountId, t.id] }), index('stage_changes_deal_at').on(t.accountId, t.dealId, t.at)],
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
    contactId: crmId('contact_id'),
    companyId: crmId('company_id'),
    phoneKey: text('phone_key'),
    phoneTail: text('phone_tail'),
    at: epochMs('at').notNull(),
    durationSec: integer('duration_sec').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.id] }),
    index('calls_deal').on(t.accountId, t.dealId),
    // Missed calls and the calls that return them are read by time: the window's and the every-minute check's.
    index('calls_at').on(t.accountId, t.at),
  ],
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
 * Who is syncing an account right now, across processes (the bot, a CLI
 * sync): one row per account while a sync runs. A holder renews it while it
 * works; a row whose `expires_at` passed, or whose process on this host is
 * gone, belongs to a sync that died and may be taken over.
 */
export const syncLeases = sqliteTable('sync_leases', {
  accountId: accountId().primaryKey(),
  /** `host:pid:random`, unique per holder, so only the holder renews or releases it. */
  owner: text('owner').notNull(),
  host: text('host').notNull(),
  pid: integer('pid').notNull(),
  startedAt: epochMs('started_at').notNull(),
  heartbeatAt: epochMs('heartbeat_at').notNull(),
  expiresAt: epochMs('expires_at').notNull(),
});

/**
 * The long-running processes using this database file (the bot), one row
 * each while it runs: it beats every 30 s and deletes its row when it stops
 * cleanly (src/db/heartbeat.ts). `cli restore` refuses to replace the file
 * under a process whose beat is fresh — the one sign of a bot in another
 * container, where its pid means nothing. A process and a file, not an
 * account's data: no account id, so `cli purge` leaves it, and a restore
 * clears it from the restored copy (its rows were the backed-up file's).
 */
export const processHeartbeats = sqliteTable('process_heartbeats', {
  /** `host:pid:random`, unique per run of a process, so only that run beats or deletes its row. */
  id: text('id').primaryKey(),
  role: text('role', { enum: ['bot'] }).notNull(),
  host: text('host').notNull(),
  pid: integer('pid').notNull(),
  startedAt: epochMs('started_at').notNull(),
  beatAt: epochMs('beat_at').notNull(),
});

/**
 * The weekly trend's points as reports counted them: a finished week's
 * counts do not change, so next week's report takes them from here instead
 * of reading and evaluating eight weeks of a large account again. A point
 * counts only under the norms (and rules) it was counted with: `normsKey`.
 */
export const trendPoints = sqliteTable(
  'trend_points',
  {
    accountId: accountId(),
    weekEnd: epochMs('week_end').notNull(),
    normsKey: text('norms_key').notNull(),
    violations: integer('violations').notNull(),
    remarks: integer('remarks').notNull(),
    /** Each manager's row of the week (the report's ManagerRow: counts, open deals, rate per 100), for the per-manager trend; null when not kept. */
    managers: text('managers', { mode: 'json' }).$type<Record<string, unknown>[]>(),
    countedAt: epochMs('counted_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.weekEnd] })],
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

// ---- Telegram: who sees what, and everything the bot sends -------------------

/** Group chats an admin bound to the account; nothing is posted to a chat that is not here. */
export const boundChats = sqliteTable(
  'bound_chats',
  {
    accountId: accountId(),
    chatId: text('chat_id').notNull(),
    /** `report`: the sales heads' chat that gets the weekly report; `supervisors`: pings for supervisors. */
    role: text('role', { enum: ['report', 'supervisors'] }).notNull(),
    title: text('title').notNull(),
    boundBy: text('bound_by').notNull(),
    boundAt: epochMs('bound_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.role] })],
);

/** Admins granted in the chat, in addition to ADMIN_TELEGRAM_IDS. */
export const admins = sqliteTable(
  'admins',
  {
    accountId: accountId(),
    telegramUserId: text('telegram_user_id').notNull(),
    grantedBy: text('granted_by').notNull(),
    grantedAt: epochMs('granted_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.telegramUserId] })],
);

/** Who changed what from what to what, for every admin command that changes something. */
/** Who changed what, when: written through recordAudit (src/db/audit.ts) with one of its typed actions. */
export const auditLog = sqliteTable('audit_log', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  accountId: accountId(),
  /** The Telegram user id of whoever made the change. */
  actor: text('actor').notNull(),
  /** `<area>.<verb>`, one of AUDIT_ACTIONS. */
  action: text('action').notNull(),
  /** What in the area changed: a norm's path, the settings keys, a chat's role; null when the action says it all. */
  subject: text('subject'),
  before: text('before', { mode: 'json' }),
  after: text('after', { mode: 'json' }),
  at: epochMs('at').notNull(),
});

/** Per-account bot settings that are not norms, and when the last weekly report went out. */
export const accountSettings = sqliteTable('account_settings', {
  accountId: accountId().primaryKey(),
  /** The weekly report's cron schedule, set with /schedule; null = REPORT_SCHEDULE. */
  reportSchedule: text('report_schedule'),
  /** Quiet hours "HH:MM-HH:MM" when nobody is pinged, not even supervisors; null = none. */
  quietHours: text('quiet_hours'),
  /** Whether supervisors' copies of pings wait for working hours like the managers' (`working`) or not (`always`). */
  supervisorPings: text('supervisor_pings', { enum: ['working', 'always'] }).notNull().default('working'),
  /** What group chats may show of deal names and task texts: `strict` none, `masked` with contacts and names masked (src/privacy/policy.ts). */
  privacy: text('privacy', { enum: ['strict', 'masked'] }).notNull().default('strict'),
  /** Pings cover tasks due from this instant on (set by the first overdue check): no flood of old overdue tasks on day one. */
  pingsSince: epochMs('pings_since'),
  /** The scheduled report instant last delivered (or skipped), so a missed one is sent once after a restart. */
  lastReportFor: epochMs('last_report_for'),
  /** Since when the CRM could not be asked to confirm tasks before pings (null: it answers); admins are told once each way. */
  crmUnreachableSince: epochMs('crm_unreachable_since'),
  /** Since when the snapshot is too old to ping from (syncs failing; null: fresh); admins are told once each way. */
  snapshotStaleSince: epochMs('snapshot_stale_since'),
});

/** A CRM user linked to a Telegram user through a one-time deep link. */
export const telegramLinks = sqliteTable(
  'telegram_links',
  {
    accountId: accountId(),
    crmUserId: crmId('crm_user_id').notNull(),
    telegramUserId: text('telegram_user_id').notNull(),
    /** The name shown in Telegram when the link was made, for /managers. */
    telegramName: text('telegram_name').notNull(),
    locale: text('locale', { enum: ['ru', 'en'] }).notNull(),
    linkedAt: epochMs('linked_at').notNull(),
    /** Set when Telegram answered 403 (blocked the bot): pings go to the supervisor until the user writes again. */
    unreachableSince: epochMs('unreachable_since'),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.crmUserId] }), uniqueIndex('telegram_links_user').on(t.accountId, t.telegramUserId)],
);

/** A Telegram user's own choices; null = not chosen (their Telegram's language, the account's ping hours). */
export const userPreferences = sqliteTable(
  'user_preferences',
  {
    accountId: accountId(),
    telegramUserId: text('telegram_user_id').notNull(),
    /** Chosen with /lang. */
    locale: text('locale', { enum: ['ru', 'en'] }),
    /** A supervisor's own choice with /pings: pings only in working hours, or any time outside quiet hours. */
    supervisorPings: text('supervisor_pings', { enum: ['working', 'always'] }),
    updatedAt: epochMs('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.telegramUserId] })],
);

/** One-time codes behind the deep links an admin hands to a manager. */
export const linkCodes = sqliteTable('link_codes', {
  code: text('code').primaryKey(),
  accountId: accountId(),
  crmUserId: crmId('crm_user_id').notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: epochMs('created_at').notNull(),
  expiresAt: epochMs('expires_at').notNull(),
  usedAt: epochMs('used_at'),
});

/**
 * One overdue task at one due time, and the messages that told about it.
 * The unique key is the promise "never twice for the same task and due time".
 */
export const pings = sqliteTable(
  'pings',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    accountId: accountId(),
    /** What the ping is about: an overdue task, or an incoming call nobody returned (norm missed_call_not_returned). */
    subject: text('subject', { enum: ['task', 'missed_call'] }).notNull().default('task'),
    /** The task's CRM id; for a missed call, the call's. */
    taskId: crmId('task_id').notNull(),
    /** The task's due time; for a missed call, the call's time (how long the client has waited is counted from it). */
    dueAt: epochMs('due_at').notNull(),
    managerId: crmId('manager_id'),
    dealId: crmId('deal_id'),
    detectedAt: epochMs('detected_at').notNull(),
    /** What the messages say (task, deal, stage, manager), kept so edits read the same after the CRM changes. */
    facts: text('facts', { mode: 'json' }).$type<StoredPingFacts>().notNull(),
    /** Outbox rows of the manager's message and of the supervisor's (a digest row may be shared by several pings). */
    managerMessage: integer('manager_message'),
    supervisorMessage: integer('supervisor_message'),
    escalatedAt: epochMs('escalated_at'),
    escalationMessage: integer('escalation_message'),
    /** How it ended: done in the CRM, due time moved, the task is gone from the CRM, its task or deal was snoozed (reopened when the snooze ends), or the missed call was returned. */
    outcome: text('outcome', { enum: ['done', 'moved', 'gone', 'snoozed', 'returned'] }),
    closedAt: epochMs('closed_at'),
  },
  (t) => [uniqueIndex('pings_subject_due').on(t.accountId, t.subject, t.taskId, t.dueAt), index('pings_open').on(t.accountId, t.closedAt)],
);

/**
 * The steps of the escalation ladder (norm `task_overdue.escalation`) a ping
 * has had: one row per step, written in the overdue check's transaction with
 * the message it queued, so a step fires once across restarts and a closed
 * ping edits every message it sent. A step is named by its time and
 * recipient (a ladder holds each pair once), so a ladder changed while the
 * ping is open does not fire a step again. `messageId` is null when nobody
 * could be told (the manager not linked, no chat bound); several steps share
 * one when they told the same chat at once, and several pings share a
 * digest. The pings columns manager_message, supervisor_message and
 * escalation_message still name the first message of each kind, which
 * retention (src/db/retention.ts) keeps while the ping is open.
 */
export const pingSteps = sqliteTable(
  'ping_steps',
  {
    accountId: accountId(),
    pingId: integer('ping_id')
      .notNull()
      .references(() => pings.id, { onDelete: 'cascade' }),
    afterMinutes: integer('after_minutes').notNull(),
    recipient: text('recipient', { enum: ['manager', 'supervisor', 'supervisors_chat', 'report_chat'] }).notNull(),
    firedAt: epochMs('fired_at').notNull(),
    /** The outbox row that told it. */
    messageId: integer('message_id'),
    /** The chat it went to: a later step to the same chat is a repeat (🔺). */
    chatId: text('chat_id'),
  },
  (t) => [primaryKey({ columns: [t.pingId, t.afterMinutes, t.recipient] }), index('ping_steps_message').on(t.messageId)],
);

/** The facts a ping's messages are written from, as stored (PingFacts in src/pings/messages.ts reads them). */
export type StoredPingFacts = { task: string; manager: string } & Record<'dealName' | 'dealUrl' | 'stage' | 'pipeline', string | null> & {
  amount: number | null;
  /** Absent in pings recorded before they were kept. */
  taskType?: string | null;
  dealId?: string | null;
  /** A missed call's ping: its subject and the number masked («•••45-67»). */
  subject?: 'missed_call';
  phone?: string | null;
};

/** Conversations in progress (/setnorm), so a restart in the middle is survived. */
export const conversationState = sqliteTable('conversation_state', {
  key: text('key').primaryKey(),
  state: text('state', { mode: 'json' }).notNull(),
  updatedAt: epochMs('updated_at').notNull(),
});

/**
 * Every outgoing message, written before it is sent (in the same transaction
 * as the change that caused it) and marked when Telegram confirms it. The
 * dedupe key makes "never twice" a database constraint.
 */
export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    accountId: accountId(),
    dedupeKey: text('dedupe_key').notNull(),
    chatId: text('chat_id').notNull(),
    kind: text('kind', { enum: ['text', 'album', 'edit'] }).notNull(),
    /** text/edit: { html, buttons? }; album: { captions } (the images are in outbox_files). */
    payload: text('payload', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    /** For an edit: the outbox row whose Telegram message is edited. */
    editOf: integer('edit_of'),
    status: text('status', { enum: ['pending', 'sending', 'sent', 'failed', 'unconfirmed', 'cancelled'] }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    notBefore: epochMs('not_before').notNull(),
    /** When the first attempt to send it began: a message retried with backoff has waited since then, whatever not_before now says. */
    firstAttemptAt: epochMs('first_attempt_at'),
    lastError: text('last_error'),
    /** Telegram's message ids once sent (several for an album). */
    messageIds: text('message_ids', { mode: 'json' }).$type<number[]>(),
    createdAt: epochMs('created_at').notNull(),
    sentAt: epochMs('sent_at'),
  },
  (t) => [
    uniqueIndex('outbox_dedupe').on(t.accountId, t.dedupeKey),
    index('outbox_due').on(t.status, t.notBefore),
  ],
);

/** Images of an album in the outbox, in order. */
export const outboxFiles = sqliteTable(
  'outbox_files',
  {
    outboxId: integer('outbox_id')
      .notNull()
      .references(() => outbox.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    name: text('name').notNull(),
    bytes: blob('bytes', { mode: 'buffer' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.outboxId, t.position] })],
);

// ---- CRM credentials that change as the bot runs ---------------------------------

/**
 * An OAuth token pair per account. amoCRM's refresh token works once: the new
 * pair is written here before it is used, so a crash never loses the only
 * token that still works.
 */
export const crmTokens = sqliteTable('crm_tokens', {
  accountId: accountId().primaryKey(),
  accessToken: text('access_token').notNull(),
  refreshToken: text('refresh_token').notNull(),
  expiresAt: epochMs('expires_at').notNull(),
  updatedAt: epochMs('updated_at').notNull(),
});

/**
 * Group supervisors set in the chat (/supervisors), over what the CRM says:
 * amoCRM groups have no lead at all, and a CRM's may be out of date.
 */
export const groupSupervisors = sqliteTable(
  'group_supervisors',
  {
    accountId: accountId(),
    groupId: crmId('group_id').notNull(),
    userId: crmId('user_id').notNull(),
    setBy: text('set_by').notNull(),
    setAt: epochMs('set_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.groupId] })],
);

/**
 * An account's own production-calendar days (/holidays), over the public
 * holidays and the bundled government transfers (src/calendar/): a date made
 * a day off (`working` false: a corporate day off, a shortened New Year) or a
 * working day (`working` true: the office works on a holiday). One row per
 * date; the working clock reads them through src/settings/calendar-days.ts.
 */
export const calendarDays = sqliteTable(
  'calendar_days',
  {
    accountId: accountId(),
    /** The local date in the account's timezone, YYYY-MM-DD. */
    day: text('day').notNull(),
    working: integer('working', { mode: 'boolean' }).notNull(),
    /** The Telegram user id of the admin who set it. */
    actor: text('actor').notNull(),
    at: epochMs('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.day] })],
);

/**
 * A CRM user's own working pattern (/shift, `cli schedules import`), over
 * the account's working hours: a weekly pattern or a shift cycle, as
 * src/schedules/model.ts has them, with dates as YYYY-MM-DD. One row per
 * user; none means the account's hours.
 */
export const workPatterns = sqliteTable(
  'work_patterns',
  {
    accountId: accountId(),
    crmUserId: crmId('crm_user_id').notNull(),
    pattern: text('pattern', { mode: 'json' }).$type<StoredWorkPattern>().notNull(),
    /** Who set it: a Telegram user id, or `cli`. */
    actor: text('actor').notNull(),
    at: epochMs('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.crmUserId] })],
);

export type StoredWorkPattern =
  | { kind: 'weekly'; days: number[]; from: string; to: string }
  | { kind: 'cycle'; on: number; off: number; start: string; from: string; to: string };

/** A CRM user's absence (/away): vacation, sick leave or a day off, on local dates `from`–`to` (YYYY-MM-DD, both included). */
export const absences = sqliteTable(
  'absences',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    accountId: accountId(),
    crmUserId: crmId('crm_user_id').notNull(),
    kind: text('kind', { enum: ['vacation', 'sick', 'day_off'] }).notNull(),
    fromDay: text('from_day').notNull(),
    toDay: text('to_day').notNull(),
    actor: text('actor').notNull(),
    at: epochMs('at').notNull(),
  },
  (t) => [index('absences_user').on(t.accountId, t.crmUserId, t.toDay)],
);

/**
 * A deal or a task parked on purpose (/snooze, the «Отложить» button): its
 * findings are not pinged, escalated or counted as open until `until`. A
 * deal's snooze covers every finding on the deal (its tasks' included); a
 * task's, that task's. `pending` waits for a supervisor's or an admin's
 * confirmation (a manager's snooze longer than the norm `snoozeMaxDays`);
 * `ended` rows stay as the history (`endReason`). At most one live
 * (pending or active) snooze per target.
 */
export const snoozes = sqliteTable(
  'snoozes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    accountId: accountId(),
    scope: text('scope', { enum: ['deal', 'task'] }).notNull(),
    /** The deal's or the task's CRM id. */
    targetId: crmId('target_id').notNull(),
    /** The deal a snoozed task belongs to (for naming it); the deal itself for a deal. */
    dealId: crmId('deal_id'),
    /** The CRM user the target belongs to (the deal's or the task's responsible) at the time of the snooze. */
    managerId: crmId('manager_id'),
    /** A task's due time when snoozed: a snooze of a task ends early when it moves. */
    taskDueAt: epochMs('task_due_at'),
    /** A preset reason, or `other` with the words typed in `note`. */
    reason: text('reason', { enum: ['away', 'payment', 'season', 'other'] }).notNull(),
    /** A reason typed by a person: may name customers, so it is shown only per the privacy policy. */
    note: text('note'),
    /** The instant it ends (the start of the day after the chosen date, in the account's timezone). */
    until: epochMs('until').notNull(),
    status: text('status', { enum: ['pending', 'active', 'ended'] }).notNull(),
    /** The Telegram user id of who snoozed it. */
    createdBy: text('created_by').notNull(),
    createdAt: epochMs('created_at').notNull(),
    decidedBy: text('decided_by'),
    decidedAt: epochMs('decided_at'),
    endedAt: epochMs('ended_at'),
    /** A Telegram user id, or `system` for expiry and a task done or moved. */
    endedBy: text('ended_by'),
    endReason: text('end_reason', { enum: ['cancelled', 'expired', 'declined', 'task-moved', 'task-done', 'replaced'] }),
  },
  (t) => [
    uniqueIndex('snoozes_live_target').on(t.accountId, t.scope, t.targetId).where(sql`status <> 'ended'`),
    index('snoozes_status').on(t.accountId, t.status, t.until),
  ],
);

/**
 * The daily control (/digest): the morning digest each linked manager gets
 * at the start of their working day, and the evening check in the report
 * chat; both on by default (no row = defaults). `decidedUpTo` is the
 * minute tick's bookkeeping: occasions up to it were decided (queued, found
 * empty, or too late), so a restart neither repeats nor loses one.
 */
export const dailyControl = sqliteTable('daily_control', {
  accountId: accountId().primaryKey(),
  morning: integer('morning', { mode: 'boolean' }).notNull().default(true),
  evening: integer('evening', { mode: 'boolean' }).notNull().default(true),
  /** HH:MM in the account's timezone. */
  eveningAt: text('evening_at').notNull().default('19:00'),
  decidedUpTo: epochMs('decided_up_to'),
});
