import { eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { pings } from '../db/schema';
import { cancelPending, enqueueEdit, enqueueText, outboxRow, rewritePending, textPayloadOf } from '../delivery/outbox';
import type { Person } from '../people/directory';
import { digestMessage, pingMessage, withOutcome, type PingFacts, type PingView } from '../pings/messages';
import type { Closure } from '../pings/plan';
import { routePing, supervisorDestination, type Destination, type RoutingPolicy } from '../pings/route';
import type { SnapshotIndex } from '../rules/snapshot-index';
import type { Finding } from '../rules/types';
import type { UrlButtons } from '../telegram-html';
import type { EpochMs } from '../time';
import type { PingContext } from './context';

/** From this many pings for one supervisor chat in one check, they arrive as one digest. */
export const DIGEST_FROM = 3;

type PingRow = typeof pings.$inferSelect;

/** The messages of one check, written inside its transaction. */
export class PingWriter {
  private readonly db: Db;
  private readonly accountId: string;

  constructor(
    private readonly ctx: PingContext,
    private readonly people: ReadonlyMap<string, Person>,
    private readonly policy: RoutingPolicy,
    private readonly at: EpochMs,
  ) {
    this.db = ctx.handle.db;
    this.accountId = ctx.config.ACCOUNT_ID;
  }

  private get style() {
    return { timezone: this.policy.hours.timezone };
  }

  /** New pings: the manager's copy each, the supervisors' copies one by one or as a digest per chat. */
  open(fresh: { finding: Finding; facts: PingFacts }[]): void {
    const bySupervisorChat = new Map<string, { ping: PingRow; view: PingView; destination: Destination; unreachable: boolean }[]>();
    for (const { finding, facts } of fresh) {
      const ping = this.db
        .insert(pings)
        .values({ accountId: this.accountId, taskId: finding.taskId!, dueAt: finding.since, managerId: finding.managerId, dealId: finding.dealId, detectedAt: this.at, facts })
        .onConflictDoNothing()
        .returning()
        .get();
      if (!ping) continue;
      const route = routePing(finding.managerId, this.people, this.policy, this.at);
      if (route.manager) {
        const view = this.view(ping, route.manager.notBefore);
        const message = pingMessage(view, 'manager', { ...this.style, locale: route.manager.locale, form: route.manager.form, managerUnreachable: false });
        const id = this.enqueue(`ping:${ping.id}:manager`, route.manager, message);
        this.db.update(pings).set({ managerMessage: id }).where(eq(pings.id, ping.id)).run();
      }
      if (route.supervisor) {
        const group = bySupervisorChat.get(route.supervisor.chatId) ?? [];
        group.push({ ping, view: this.view(ping, route.supervisor.notBefore), destination: route.supervisor, unreachable: route.managerUnreachable });
        bySupervisorChat.set(route.supervisor.chatId, group);
      }
    }
    for (const group of bySupervisorChat.values()) {
      const [first] = group;
      if (!first) continue;
      if (group.length >= DIGEST_FROM) {
        const message = digestMessage(group.map((g) => g.view), { ...this.style, locale: first.destination.locale, form: first.destination.form });
        const id = this.enqueue(`digest:${first.ping.id}`, first.destination, message);
        for (const { ping } of group) this.db.update(pings).set({ supervisorMessage: id }).where(eq(pings.id, ping.id)).run();
        continue;
      }
      for (const { ping, view, destination, unreachable } of group) {
        const message = pingMessage(view, 'supervisor', { ...this.style, locale: destination.locale, form: destination.form, managerUnreachable: unreachable });
        const id = this.enqueue(`ping:${ping.id}:supervisor`, destination, message);
        this.db.update(pings).set({ supervisorMessage: id }).where(eq(pings.id, ping.id)).run();
      }
    }
  }

  /** Closed pings: unsent messages are dropped (or a digest rewritten), sent ones are edited to say how it ended. */
  close(closures: readonly Closure[]): void {
    const digests = new Set<number>();
    for (const closure of closures) {
      const ping = this.db
        .update(pings)
        .set({ outcome: closure.outcome, closedAt: closure.at })
        .where(eq(pings.id, closure.pingId))
        .returning()
        .get();
      if (!ping) continue;
      const outcome = { kind: closure.outcome, at: closure.at, newDueAt: closure.newDueAt };
      for (const messageId of [ping.managerMessage, ping.supervisorMessage, ping.escalationMessage]) {
        if (messageId === null) continue;
        if (this.isDigest(messageId)) digests.add(messageId);
        else this.settleSingle(ping, messageId, outcome);
      }
    }
    for (const digestId of digests) this.refreshDigest(digestId);
  }

  /** Pings still overdue after the norm's time: the supervisor hears again, marked as an escalation. */
  escalate(pingIds: readonly number[]): void {
    for (const pingId of pingIds) {
      const ping = this.db.select().from(pings).where(eq(pings.id, pingId)).get();
      if (!ping) continue;
      const destination = supervisorDestination(ping.managerId, this.people, this.policy, this.at);
      let messageId: number | null = null;
      if (destination) {
        const message = pingMessage(this.view(ping, destination.notBefore), 'escalation', {
          ...this.style,
          locale: destination.locale,
          form: destination.form,
          managerUnreachable: false,
        });
        messageId = this.enqueue(`ping:${ping.id}:escalation`, destination, message);
      }
      this.db.update(pings).set({ escalatedAt: this.at, escalationMessage: messageId }).where(eq(pings.id, ping.id)).run();
    }
  }

  private settleSingle(ping: PingRow, messageId: number, outcome: NonNullable<PingView['outcome']>): void {
    if (cancelPending(this.db, messageId)) return;
    const row = outboxRow(this.db, messageId);
    if (row?.status !== 'sent') return;
    const payload = textPayloadOf(row);
    const html = withOutcome(payload.html, outcome, { ...this.style, locale: payload.locale ?? this.ctx.config.LOCALE });
    enqueueEdit(this.db, { accountId: this.accountId, dedupeKey: `closed:${ping.id}:${messageId}`, editOf: messageId, html, buttons: payload.buttons }, this.at);
  }

  private refreshDigest(digestId: number): void {
    const members = this.db.select().from(pings).where(eq(pings.supervisorMessage, digestId)).all();
    const row = outboxRow(this.db, digestId);
    if (!row) return;
    const payload = textPayloadOf(row);
    const locale = payload.locale ?? this.ctx.config.LOCALE;
    // A digest queued before the form was kept is rewritten in the strictest one.
    const form = payload.form ?? 'strict';
    const views = members.map((p) => this.view(p, row.notBefore));
    const message = digestMessage(views, { ...this.style, locale, form });
    if (members.every((p) => p.closedAt !== null) && cancelPending(this.db, digestId)) return;
    if (rewritePending(this.db, digestId, { ...message, locale, form })) return;
    if (row.status !== 'sent') return;
    const closed = members.filter((p) => p.closedAt !== null).length;
    enqueueEdit(this.db, { accountId: this.accountId, dedupeKey: `digest:${digestId}:closed-${closed}`, editOf: digestId, ...message, locale }, this.at);
  }

  private isDigest(messageId: number): boolean {
    return this.db.select({ id: pings.id }).from(pings).where(eq(pings.supervisorMessage, messageId)).limit(2).all().length > 1;
  }

  private view(ping: PingRow, sendAt: EpochMs): PingView {
    const outcome = ping.outcome && ping.closedAt !== null ? { kind: ping.outcome, at: ping.closedAt, newDueAt: null } : undefined;
    // Pings recorded before facts kept the deal's id take it from the row.
    return { facts: { ...ping.facts, dealId: ping.facts.dealId ?? ping.dealId }, dueAt: ping.dueAt, lateAt: Math.max(sendAt, this.at), outcome };
  }

  private enqueue(dedupeKey: string, destination: Destination, message: { html: string; buttons: UrlButtons }): number | null {
    return enqueueText(
      this.db,
      { accountId: this.accountId, dedupeKey, chatId: destination.chatId, notBefore: destination.notBefore, locale: destination.locale, form: destination.form, ...message },
      this.at,
    );
  }
}

/** What the messages will say, taken from the snapshot at detection. */
export function pingFacts(finding: Finding, snapshot: SnapshotIndex, people: ReadonlyMap<string, Person>, dealUrl: (id: string) => string): PingFacts {
  const deal = finding.dealId ? snapshot.dealById.get(finding.dealId) : undefined;
  const stage = deal ? snapshot.stages.get(deal.stageId) : undefined;
  const managerId = finding.managerId;
  return {
    task: String(finding.facts.task ?? ''),
    taskType: typeof finding.facts.taskType === 'string' ? finding.facts.taskType : null,
    dealId: deal?.id ?? finding.dealId,
    dealName: deal?.name ?? null,
    dealUrl: deal ? dealUrl(deal.id) : null,
    amount: deal?.price ?? null,
    stage: stage?.name ?? null,
    pipeline: stage ? (snapshot.pipelines.get(stage.pipelineId)?.name ?? null) : null,
    manager: managerId ? (people.get(managerId)?.name ?? snapshot.users.get(managerId)?.name ?? managerId) : '—',
  };
}
