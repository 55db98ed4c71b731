import { and, eq, isNull } from 'drizzle-orm';
import { recordAudit } from '../db/audit';
import { pings } from '../db/schema';
import { readSnapshotRowsByIds } from '../db/snapshot-rows';
import { enqueueText } from '../delivery/outbox';
import { decideSnooze, endSnooze, insertSnooze, liveSnoozeOf, liveSnoozes, snoozeById, snoozesDue, snoozesInForceAt } from '../findings/snooze-store';
import { translator, type Locale } from '../i18n';
import { loadNorms } from '../norms/store';
import { listPeople, type Person } from '../people/directory';
import type { Closure } from '../pings/plan';
import { awayAt } from '../pings/route';
import { textFormFor } from '../privacy/reader';
import { loadSettings } from '../settings/store';
import { snoozeData } from '../snooze/callbacks';
import type { Expiry } from '../snooze/expiry';
import { mayCancel, mayDecide, maySnooze, needsConfirmation, SnoozeIndex, type Actor, type Owner, type Snooze, type SnoozeEnd, type SnoozeReason, type SnoozeScope } from '../snooze/model';
import { reasonLabel, targetLabel, untilLabel } from '../snooze/text';
import { escapeHtml, type InlineButtons } from '../telegram-html';
import type { EpochMs } from '../time';
import type { PingContext } from './context';
import { PingWriter } from './ping-writer';
import { adminChats, loadRouting } from './routing';

/**
 * Snoozes: a deal or a task parked on purpose, with a reason and an expiry.
 * A manager snoozes their own deals and tasks, a supervisor their managers',
 * an admin anyone's. A manager's snooze longer than the norm `snoozeMaxDays`
 * waits for their supervisor's or an admin's confirmation (a message with
 * buttons in their private chat) and hides nothing until then. A snooze in
 * force closes the open pings of what it covers («⏸ Отложено до …»); when it
 * ends (its day comes, it is cancelled, its task is done or moved) the
 * finding is back: pinged again if still overdue, counted again. Every
 * change is audited in the transaction that makes it.
 */

/** Who acts: the Telegram user, whether they are an admin, and the CRM user they are linked to. */
export interface SnoozeActor extends Actor {
  telegramUserId: string;
}

export interface SnoozeRequestInput {
  scope: SnoozeScope;
  targetId: string;
  expiry: Expiry;
  reason: SnoozeReason;
  note: string | null;
}

export type SnoozeOutcome =
  | { kind: 'not-found' }
  | { kind: 'closed' }
  | { kind: 'forbidden' }
  | { kind: 'active'; snooze: Snooze; replaced: boolean }
  | { kind: 'pending'; snooze: Snooze; maxDays: number; told: number };

export type DecisionOutcome = { kind: 'not-found' } | { kind: 'forbidden' } | { kind: 'not-pending'; snooze: Snooze } | { kind: 'confirmed' | 'declined'; snooze: Snooze };
export type CancelOutcome = { kind: 'not-found' } | { kind: 'forbidden' } | { kind: 'ended'; snooze: Snooze } | { kind: 'cancelled'; snooze: Snooze };

const subjectOf = (s: Pick<Snooze, 'scope' | 'targetId'>) => `${s.scope}:${s.targetId}`;
const auditView = (s: Snooze) => ({ status: s.status, until: s.until, reason: s.reason, note: s.note === null ? null : '(typed)', managerId: s.managerId });

/** What a target is in the snapshot now: its manager, its deal, whether it can still be snoozed. */
function targetOf(ctx: PingContext, scope: SnoozeScope, targetId: string): { managerId: string | null; dealId: string | null; dueAt: EpochMs | null; open: boolean; name: string | null } | null {
  const { handle, config } = ctx;
  if (scope === 'task') {
    const [task] = readSnapshotRowsByIds(handle.sqlite, 'tasks', config.ACCOUNT_ID, [targetId]);
    if (!task) return null;
    return { managerId: task.responsibleId, dealId: task.dealId, dueAt: task.dueAt, open: !task.completed, name: task.text };
  }
  const [deal] = readSnapshotRowsByIds(handle.sqlite, 'deals', config.ACCOUNT_ID, [targetId]);
  if (!deal) return null;
  return { managerId: deal.responsibleId, dealId: deal.id, dueAt: null, open: deal.closedAt === null, name: deal.name };
}

function ownerOf(people: ReadonlyMap<string, Person>, managerId: string | null): Owner {
  return { managerId, supervisorId: managerId ? (people.get(managerId)?.supervisorId ?? null) : null };
}

/** The snoozes in force at `at`, as a check looks findings up in them. */
export function snoozesInForce(ctx: PingContext | Pick<PingContext, 'handle' | 'config'>, at: EpochMs): SnoozeIndex {
  return new SnoozeIndex(liveSnoozes(ctx.handle.db, ctx.config.ACCOUNT_ID), at);
}

/** Snoozes a deal or a task (replacing a live snooze of it); pending when it needs confirmation. */
export function snooze(ctx: PingContext, request: SnoozeRequestInput, actor: SnoozeActor): SnoozeOutcome {
  const { handle, config } = ctx;
  const accountId = config.ACCOUNT_ID;
  const at = ctx.clock.now().getTime();
  const target = targetOf(ctx, request.scope, request.targetId);
  if (!target) return { kind: 'not-found' };
  if (!target.open) return { kind: 'closed' };
  const people = new Map(listPeople(handle.db, accountId).map((p) => [p.crmUserId, p]));
  const owner = ownerOf(people, target.managerId);
  if (!maySnooze(actor, owner)) return { kind: 'forbidden' };
  const norms = loadNorms(handle.db, accountId, config.TIMEZONE);
  const pending = needsConfirmation(actor, owner, request.expiry.days, norms.snoozeMaxDays);
  return handle.sqlite
    .transaction((): SnoozeOutcome => {
      const before = liveSnoozeOf(handle.db, accountId, request.scope, request.targetId);
      // Replacing a snooze ends it: only who may cancel it may replace it (a manager does not undo their supervisor's).
      if (before && !mayCancel(actor, owner, before)) return { kind: 'forbidden' };
      if (before) {
        endSnooze(handle.db, before.id, { at, by: actor.telegramUserId, reason: 'replaced' });
        recordAudit(handle.db, { accountId, actor: actor.telegramUserId, action: 'snooze.ended', subject: subjectOf(before), before: auditView(before), after: { status: 'ended', endReason: 'replaced' }, at });
      }
      const created = insertSnooze(handle.db, accountId, {
        scope: request.scope,
        targetId: request.targetId,
        dealId: target.dealId,
        managerId: target.managerId,
        taskDueAt: target.dueAt,
        reason: request.reason,
        note: request.reason === 'other' ? request.note : null,
        until: request.expiry.until,
        status: pending ? 'pending' : 'active',
        createdBy: actor.telegramUserId,
        createdAt: at,
      });
      recordAudit(handle.db, { accountId, actor: actor.telegramUserId, action: pending ? 'snooze.requested' : 'snooze.set', subject: subjectOf(created), before: before ? auditView(before) : null, after: auditView(created), at });
      if (!pending) {
        closePings(ctx, [created], at);
        return { kind: 'active', snooze: created, replaced: before !== undefined };
      }
      const told = askForConfirmation(ctx, created, people, { days: request.expiry.days, maxDays: norms.snoozeMaxDays, name: target.name }, at);
      return { kind: 'pending', snooze: created, maxDays: norms.snoozeMaxDays, told };
    })
    .immediate();
}

/** A snooze by id, with its target's owner now (its manager and their supervisor): what deciding and cancelling check. */
function snoozeWithOwner(ctx: PingContext, id: number): { found: Snooze & { endReason: SnoozeEnd | null }; owner: Owner } | undefined {
  const found = snoozeById(ctx.handle.db, ctx.config.ACCOUNT_ID, id);
  if (!found) return undefined;
  const people = new Map(listPeople(ctx.handle.db, ctx.config.ACCOUNT_ID).map((p) => [p.crmUserId, p]));
  return { found, owner: ownerOf(people, found.managerId) };
}

/** A supervisor or an admin confirms or declines a pending snooze; the one who asked is told. */
export function decide(ctx: PingContext, id: number, actor: SnoozeActor, confirm: boolean): DecisionOutcome {
  const { handle, config } = ctx;
  const accountId = config.ACCOUNT_ID;
  const at = ctx.clock.now().getTime();
  const stored = snoozeWithOwner(ctx, id);
  if (!stored) return { kind: 'not-found' };
  const { found, owner } = stored;
  if (!mayDecide(actor, owner)) return { kind: 'forbidden' };
  if (found.status !== 'pending') return { kind: 'not-pending', snooze: found };
  return handle.sqlite
    .transaction((): DecisionOutcome => {
      const changed = confirm ? decideSnooze(handle.db, id, 'pending', 'active', actor.telegramUserId, at) : endSnooze(handle.db, id, { at, by: actor.telegramUserId, reason: 'declined' });
      if (!changed) return { kind: 'not-pending', snooze: found };
      const after: Snooze = { ...found, status: confirm ? 'active' : 'ended' };
      recordAudit(handle.db, { accountId, actor: actor.telegramUserId, action: confirm ? 'snooze.confirmed' : 'snooze.declined', subject: subjectOf(found), before: auditView(found), after: auditView(after), at });
      if (confirm) closePings(ctx, [after], at);
      tellRequester(ctx, after, confirm ? 'snooze-told-confirmed' : 'snooze-told-declined', at);
      return { kind: confirm ? 'confirmed' : 'declined', snooze: after };
    })
    .immediate();
}

/** Cancels a live snooze: who set it, the manager's supervisor, an admin. The finding is back at once. */
export function cancel(ctx: PingContext, id: number, actor: SnoozeActor): CancelOutcome {
  const { handle, config } = ctx;
  const accountId = config.ACCOUNT_ID;
  const at = ctx.clock.now().getTime();
  const stored = snoozeWithOwner(ctx, id);
  if (!stored) return { kind: 'not-found' };
  const { found, owner } = stored;
  if (!mayCancel(actor, owner, found)) return { kind: 'forbidden' };
  if (found.status === 'ended') return { kind: 'ended', snooze: found };
  return handle.sqlite
    .transaction((): CancelOutcome => {
      if (!endSnooze(handle.db, id, { at, by: actor.telegramUserId, reason: 'cancelled' })) return { kind: 'ended', snooze: found };
      recordAudit(handle.db, { accountId, actor: actor.telegramUserId, action: 'snooze.cancelled', subject: subjectOf(found), before: auditView(found), after: { status: 'ended', endReason: 'cancelled' }, at });
      return { kind: 'cancelled', snooze: { ...found, status: 'ended' } };
    })
    .immediate();
}

/**
 * Ends the snoozes whose time is up (`expired`; a pending one too, unanswered)
 * and task snoozes whose task was done, deleted (`task-done`) or moved
 * (`task-moved`) in the snapshot. Audited as the system's. Returns how many ended.
 */
export function endDueSnoozes(ctx: Pick<PingContext, 'handle' | 'config' | 'logger'>, at: EpochMs): number {
  const { handle, config } = ctx;
  const accountId = config.ACCOUNT_ID;
  const live = liveSnoozes(handle.db, accountId);
  if (live.length === 0) return 0;
  const ends = new Map<number, SnoozeEnd>(snoozesDue(handle.db, accountId, at).map((s) => [s.id, 'expired']));
  const taskSnoozes = live.filter((s) => s.scope === 'task' && !ends.has(s.id));
  const tasks = new Map(readSnapshotRowsByIds(handle.sqlite, 'tasks', accountId, taskSnoozes.map((s) => s.targetId)).map((t) => [t.id, t]));
  for (const s of taskSnoozes) {
    const task = tasks.get(s.targetId);
    if (!task || task.completed) ends.set(s.id, 'task-done');
    else if (task.dueAt !== s.taskDueAt) ends.set(s.id, 'task-moved');
  }
  if (ends.size === 0) return 0;
  handle.sqlite
    .transaction(() => {
      for (const s of live) {
        const reason = ends.get(s.id);
        if (!reason || !endSnooze(handle.db, s.id, { at, by: 'system', reason })) continue;
        recordAudit(handle.db, { accountId, actor: 'system', action: 'snooze.ended', subject: subjectOf(s), before: auditView(s), after: { status: 'ended', endReason: reason }, at });
      }
    })
    .immediate();
  ctx.logger.info({ ended: ends.size }, 'snoozes ended');
  return ends.size;
}

/** The open pings of what the snoozes cover are closed and their messages edited: «⏸ Отложено до …». */
function closePings(ctx: PingContext, snoozes: readonly Snooze[], at: EpochMs): void {
  const { handle, config } = ctx;
  const accountId = config.ACCOUNT_ID;
  const closures: Closure[] = [];
  for (const s of snoozes) {
    // A task's snooze covers that task's pings only (a missed call's ping keeps its call's id in the same column).
    const covers = s.scope === 'task' ? and(eq(pings.subject, 'task'), eq(pings.taskId, s.targetId)) : eq(pings.dealId, s.targetId);
    const open = handle.db.select({ id: pings.id }).from(pings).where(and(eq(pings.accountId, accountId), isNull(pings.closedAt), covers)).all();
    for (const p of open) closures.push({ pingId: p.id, outcome: 'snoozed', at, newDueAt: null, until: s.until });
  }
  if (closures.length === 0) return;
  const norms = loadNorms(handle.db, accountId, config.TIMEZONE);
  const { policy, people } = loadRouting(ctx, norms);
  new PingWriter(ctx, people, policy, norms.rules.task_overdue.escalation, at).close(closures);
}

/** The confirmation request, with its buttons, to the manager's supervisor in private; to the bot's admins when there is none linked, or they are away. */
function askForConfirmation(ctx: PingContext, s: Snooze, people: ReadonlyMap<string, Person>, facts: { days: number; maxDays: number; name: string | null }, at: EpochMs): number {
  const { handle, config } = ctx;
  const manager = s.managerId ? people.get(s.managerId) : undefined;
  const supervisor = manager?.supervisorId ? people.get(manager.supervisorId) : undefined;
  const { policy } = loadRouting(ctx, loadNorms(handle.db, config.ACCOUNT_ID, config.TIMEZONE));
  // A supervisor on vacation would answer after the snooze had run out: the admins decide instead.
  const present = supervisor !== undefined && awayAt(supervisor.crmUserId, policy, at) === null;
  const link = present && supervisor.link && supervisor.active && supervisor.link.unreachableSince === null ? supervisor.link : undefined;
  const chats: { chatId: string; locale: Locale; crmUserId: string | null }[] = link
    ? [{ chatId: link.telegramUserId, locale: link.locale, crmUserId: supervisor!.crmUserId }]
    : adminChats(ctx).map((chatId) => ({ chatId, locale: config.LOCALE, crmUserId: null }));
  const mode = loadSettings(handle.db, config.ACCOUNT_ID).privacy;
  const confirm = snoozeData({ kind: 'confirm', id: s.id });
  const decline = snoozeData({ kind: 'decline', id: s.id });
  let told = 0;
  for (const chat of chats) {
    const tr = translator(chat.locale);
    const form = textFormFor({ chat: 'private', crmUserId: chat.crmUserId }, { managerId: s.managerId, supervisorId: manager?.supervisorId ?? null }, mode);
    const html = tr.t('snooze-confirm-request', {
      who: escapeHtml(manager?.name ?? s.managerId ?? '—'),
      target: targetLabel(tr, { ...s, name: facts.name }, form),
      until: untilLabel(s.until, config.TIMEZONE),
      days: facts.days,
      max: facts.maxDays,
      reason: reasonLabel(tr, s, form),
    });
    const buttons: InlineButtons = confirm && decline ? [[{ text: tr.t('snooze-confirm-button'), data: confirm }, { text: tr.t('snooze-decline-button'), data: decline }]] : [];
    if (enqueueText(handle.db, { accountId: config.ACCOUNT_ID, dedupeKey: `snooze:${s.id}:ask:${chat.chatId}`, chatId: chat.chatId, locale: chat.locale, form, html, buttons }, at) !== null) told++;
  }
  return told;
}

/** Tells who asked for a snooze what became of it, in their private chat. */
function tellRequester(ctx: PingContext, s: Snooze, message: 'snooze-told-confirmed' | 'snooze-told-declined', at: EpochMs): void {
  const { handle, config } = ctx;
  const people = listPeople(handle.db, config.ACCOUNT_ID);
  const requester = people.find((p) => p.link?.telegramUserId === s.createdBy);
  const locale = requester?.link?.locale ?? config.LOCALE;
  const tr = translator(locale);
  const html = tr.t(message, { target: targetLabel(tr, s, 'strict'), until: untilLabel(s.until, config.TIMEZONE) });
  enqueueText(handle.db, { accountId: config.ACCOUNT_ID, dedupeKey: `snooze:${s.id}:${message}`, chatId: s.createdBy, locale, form: 'strict', html }, at);
}

/** Live snoozes an actor sees in /snoozed: admins every one, a supervisor their managers' and their own, a manager their own and those they set. */
export function visibleSnoozes(ctx: PingContext, actor: SnoozeActor): { snooze: Snooze; name: string | null; manager: string | null; canCancel: boolean; canDecide: boolean }[] {
  const { handle, config } = ctx;
  const people = new Map(listPeople(handle.db, config.ACCOUNT_ID).map((p) => [p.crmUserId, p]));
  const live = liveSnoozes(handle.db, config.ACCOUNT_ID);
  const deals = new Map(readSnapshotRowsByIds(handle.sqlite, 'deals', config.ACCOUNT_ID, live.filter((s) => s.scope === 'deal').map((s) => s.targetId)).map((d) => [d.id, d.name]));
  const tasks = new Map(readSnapshotRowsByIds(handle.sqlite, 'tasks', config.ACCOUNT_ID, live.filter((s) => s.scope === 'task').map((s) => s.targetId)).map((t) => [t.id, t.text]));
  return live.flatMap((s) => {
    const owner = ownerOf(people, s.managerId);
    const mine = actor.crmUserId !== null && (actor.crmUserId === owner.managerId || actor.crmUserId === owner.supervisorId);
    if (!actor.admin && !mine && s.createdBy !== actor.telegramUserId) return [];
    return [{
      snooze: s,
      name: (s.scope === 'deal' ? deals.get(s.targetId) : tasks.get(s.targetId)) ?? null,
      manager: s.managerId ? (people.get(s.managerId)?.name ?? s.managerId) : null,
      canCancel: mayCancel(actor, owner, s),
      canDecide: s.status === 'pending' && mayDecide(actor, owner),
    }];
  });
}

/** The owner of a target for a reader's text form: its manager and their supervisor. */
export function ownerForForm(ctx: PingContext, managerId: string | null): Owner {
  return ownerOf(new Map(listPeople(ctx.handle.db, ctx.config.ACCOUNT_ID).map((p) => [p.crmUserId, p])), managerId);
}

/** The snoozes in force at `at`, ended since or not: what the weekly report for that instant leaves out. */
export function snoozesAt(ctx: Pick<PingContext, 'handle' | 'config'>, at: EpochMs): Snooze[] {
  return snoozesInForceAt(ctx.handle.db, ctx.config.ACCOUNT_ID, at);
}

/** Whether an actor may snooze a target now, before asking them for a reason and a time. */
export function snoozeCheck(ctx: PingContext, scope: SnoozeScope, targetId: string, actor: SnoozeActor): 'ok' | 'not-found' | 'closed' | 'forbidden' {
  const target = targetOf(ctx, scope, targetId);
  if (!target) return 'not-found';
  if (!target.open) return 'closed';
  return maySnooze(actor, ownerForForm(ctx, target.managerId)) ? 'ok' : 'forbidden';
}

/** The name of what a snooze covers (a deal's name, a task's text), as typed in the CRM; null when gone from the snapshot. */
export function targetName(ctx: PingContext, s: Pick<Snooze, 'scope' | 'targetId'>): string | null {
  return targetOf(ctx, s.scope, s.targetId)?.name ?? null;
}
