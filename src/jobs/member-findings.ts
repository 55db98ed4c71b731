import { readSnapshotRows } from '../db/snapshot-rows';
import { enqueueText, outboxRow } from '../delivery/outbox';
import { findingsMessages } from '../findings/chat-list';
import { createFormatter } from '../format';
import { translator, type Locale } from '../i18n';
import type { WorkingHours } from '../norms/schema';
import { listPeople, type Person } from '../people/directory';
import { textFormFor, type Reader } from '../privacy/reader';
import { loadSettings } from '../settings/store';
import type { Finding } from '../rules/types';
import { WEEK, type EpochMs } from '../time';
import { hasSnapshot, openFindingsWithSnapshot } from './account-snapshot';
import type { PingContext } from './context';
import { weeklyReportData } from './weekly-report';
import { snoozesInForce } from './snooze';
import { splitSnoozed, type SnoozeTarget } from '../snooze/model';
import { listSchedules } from '../people/schedules';
import type { WorkPattern } from '../schedules/model';

/**
 * A member's part of the picture: /me (a manager's own open findings),
 * /findings NAME|STAGE (a head's look at one manager or stage), and /report
 * me (a manager's week, sent privately through the outbox).
 */

/**
 * The open findings that `keep` selects, as chat messages under `title` for
 * `reader`: deal names and task texts as typed only for the deal's own
 * manager and their supervisor in private, else in the account's privacy
 * mode. Null when there is no snapshot yet.
 */
export function openFindingsMessages(ctx: PingContext, title: string, keep: (f: Finding) => boolean, target: { locale: Locale; reader: Reader }): string[] | null {
  return openFindingsView(ctx, title, keep, target)?.messages ?? null;
}

/** How many deals and tasks a list offers «Отложить» for, at most: a keyboard is not a list. */
const SNOOZE_BUTTONS = 8;

/**
 * The open findings `keep` selects, as messages (see openFindingsMessages),
 * with what they are about for «Отложить» buttons: each deal once for its
 * deal-level findings, each task once for its own, oldest first. Snoozed
 * findings are not listed: a line says how many there are (see /snoozed).
 */
export function openFindingsView(
  ctx: PingContext,
  title: string,
  keep: (f: Finding) => boolean,
  target: { locale: Locale; reader: Reader },
): { messages: string[]; targets: SnoozeTarget[] } | null {
  if (!hasSnapshot(ctx)) return null;
  const at = ctx.clock.now().getTime();
  const { findings, snapshot } = openFindingsWithSnapshot(ctx, at);
  const { shown, hidden } = splitSnoozed(findings.filter(keep), snoozesInForce(ctx, at));
  const mode = loadSettings(ctx.handle.db, ctx.config.ACCOUNT_ID).privacy;
  const supervisorOf = new Map(listPeople(ctx.handle.db, ctx.config.ACCOUNT_ID).map((p) => [p.crmUserId, p.supervisorId]));
  const formOf = (f: Finding) => textFormFor(target.reader, { managerId: f.managerId, supervisorId: f.managerId ? (supervisorOf.get(f.managerId) ?? null) : null }, mode);
  const footer = hidden.length > 0 ? translator(target.locale).t('findings-snoozed-note', { count: hidden.length }) : undefined;
  const messages = findingsMessages(title, shown, snapshot, { locale: target.locale, timezone: ctx.config.TIMEZONE, dealUrl: ctx.dealUrl, formOf, ...(footer ? { footer } : {}) });
  const targets = new Map<string, SnoozeTarget>();
  for (const f of [...shown].sort((a, b) => a.since - b.since)) {
    const t: SnoozeTarget | null = f.taskId !== null ? { scope: 'task', targetId: f.taskId } : f.dealId !== null ? { scope: 'deal', targetId: f.dealId } : null;
    if (t) targets.set(`${t.scope}:${t.targetId}`, t);
  }
  return { messages, targets: [...targets.values()].slice(0, SNOOZE_BUTTONS) };
}

/** The open stages whose name holds `query` (any case), for /findings STAGE: their ids and their names. */
export function stagesMatching(ctx: PingContext, query: string): { ids: Set<string>; names: string[] } {
  const q = query.toLocaleLowerCase('ru');
  const stages = readSnapshotRows(ctx.handle.sqlite, 'stages', ctx.config.ACCOUNT_ID).filter((s) => s.kind === 'open' && s.name.toLocaleLowerCase('ru').includes(q));
  return { ids: new Set(stages.map((s) => s.id)), names: [...new Set(stages.map((s) => s.name))] };
}

/** What a manager who just linked is told: what is open for them now, and the tasks overdue longest. */
export interface MemberSummary {
  /** Open findings by rule, most first. */
  byRule: { rule: Finding['rule']; count: number }[];
  /** Up to three of the member's overdue tasks, longest overdue first. */
  oldestOverdue: { task: string; dueAt: EpochMs; deal: { name: string; url: string } | null }[];
  /** When pings reach them: the account's working hours, unless they have a pattern of their own. */
  hours: WorkingHours & { timezone: string };
  /** Their own working pattern (/shift), which pings follow instead of the account's hours; null when none. */
  ownPattern: WorkPattern | null;
}

/** The member's open findings now, summed up for the message after linking; null before the first sync. */
export function memberSummary(ctx: PingContext, crmUserId: string): MemberSummary | null {
  if (!hasSnapshot(ctx)) return null;
  const at = ctx.clock.now().getTime();
  const { findings, snapshot, norms } = openFindingsWithSnapshot(ctx, at);
  const mine = splitSnoozed(findings.filter((f) => f.managerId === crmUserId), snoozesInForce(ctx, at)).shown;
  const counts = new Map<Finding['rule'], number>();
  for (const f of mine) counts.set(f.rule, (counts.get(f.rule) ?? 0) + 1);
  const oldestOverdue = mine
    .filter((f) => f.rule === 'task_overdue')
    .sort((a, b) => a.since - b.since)
    .slice(0, 3)
    .map((f) => {
      const deal = f.dealId ? snapshot.dealById.get(f.dealId) : undefined;
      return { task: String(f.facts.task ?? ''), dueAt: f.since, deal: deal ? { name: deal.name, url: ctx.dealUrl(deal.id) } : null };
    });
  return {
    byRule: [...counts].map(([rule, count]) => ({ rule, count })).sort((a, b) => b.count - a.count),
    oldestOverdue,
    hours: { ...norms.workingHours, timezone: norms.timezone },
    ownPattern: listSchedules(ctx.handle.db, ctx.config.ACCOUNT_ID).get(crmUserId)?.pattern ?? null,
  };
}

/** What became of a personal report: queued (and maybe sent), or never possible. */
export type PersonalReport = { queued: number[] } | { refused: 'no-snapshot' };

/**
 * A manager's week — their counts from the weekly report and what is open
 * for them now — queued in the outbox for their private chat. The occasion
 * (a command's update) is the dedupe key, so a re-delivered update does not
 * send it twice.
 */
export function queuePersonalReport(
  ctx: PingContext,
  member: Pick<Person, 'crmUserId' | 'name'>,
  target: { chatId: string; locale: Locale; occasion: string },
): PersonalReport {
  if (!hasSnapshot(ctx)) return { refused: 'no-snapshot' };
  const at = ctx.clock.now().getTime();
  const { config, handle } = ctx;
  const tr = translator(target.locale);
  const fmt = createFormatter(tr, config.TIMEZONE);
  const { data: week } = weeklyReportData(ctx, at);
  const row = week.managers.find((m) => m.managerId === member.crmUserId);
  const summary = tr.t('report-me-summary', {
    name: member.name,
    from: fmt.day(at - WEEK),
    to: fmt.day(at),
    total: row?.total ?? 0,
    violations: row?.violations ?? 0,
    remarks: row?.remarks ?? 0,
    openDeals: row?.openDeals ?? 0,
  });
  const reader = { chat: 'private' as const, crmUserId: member.crmUserId };
  const open = openFindingsMessages(ctx, tr.t('me-open-now'), (f) => f.managerId === member.crmUserId, { locale: target.locale, reader }) ?? [];
  const queued = handle.sqlite
    .transaction(() =>
      [summary, ...open].map((html, i) =>
        enqueueText(handle.db, { accountId: config.ACCOUNT_ID, dedupeKey: `${target.occasion}:me:${i + 1}`, chatId: target.chatId, locale: target.locale, html }, at),
      ),
    )
    .immediate();
  return { queued: queued.filter((id): id is number => id !== null) };
}

/** How a queued personal report fared: sent, refused by Telegram (the member never opened a chat with the bot, or blocked it), or still waiting. */
export function personalReportState(ctx: PingContext, ids: readonly number[]): 'sent' | 'refused' | 'waiting' {
  const rows = ids.map((id) => outboxRow(ctx.handle.db, id));
  if (rows.some((row) => row?.status === 'failed')) return 'refused';
  return rows.every((row) => row?.status === 'sent') ? 'sent' : 'waiting';
}
