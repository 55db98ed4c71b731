import { and, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import type { Db } from '../db/client';
import { outbox, pings, pingSteps } from '../db/schema';
import { cancelPending, enqueueEdit, enqueueText, outboxRow, rewritePending, textPayloadOf } from '../delivery/outbox';
import { repeatsRecipient, stepKey, type EscalationStep } from '../norms/ladder';
import type { Person } from '../people/directory';
import type { ManagerAway } from '../schedules/model';
import { digestMessage, pingMessage, withOutcome, type PingAudience, type PingFacts, type PingOutcomeView, type PingView } from '../pings/messages';
import type { Closure, PingSubject } from '../pings/plan';
import { awayAt, routeStep, type Destination, type RoutingPolicy } from '../pings/route';
import type { SnapshotIndex } from '../rules/snapshot-index';
import type { Finding } from '../rules/types';
import { urlButtonsOf, type InlineButtons } from '../telegram-html';
import type { EpochMs } from '../time';
import type { PingContext } from './context';

/** From this many pings for one supervisor chat in one check, they arrive as one digest. */
export const DIGEST_FROM = 3;

type PingRow = typeof pings.$inferSelect;
type StepRow = typeof pingSteps.$inferSelect;

/** A ping to record: the finding, what its messages say, and what it is about (a task's or a missed call's id). */
export interface FreshPing {
  finding: Finding;
  facts: PingFacts;
  subject: { kind: PingSubject; id: string };
}

/** One message a check queues about a ping: the steps it answers (several when they reach the same chat at once), where, for whom. */
interface Telling {
  ping: PingRow;
  steps: EscalationStep[];
  destination: Destination;
  audience: PingAudience;
  managerUnreachable: boolean;
  managerAway: ManagerAway | null;
}

/** The messages of one check, written inside its transaction. */
export class PingWriter {
  private readonly db: Db;
  private readonly accountId: string;

  constructor(
    private readonly ctx: PingContext,
    private readonly people: ReadonlyMap<string, Person>,
    private readonly policy: RoutingPolicy,
    /** The escalation ladder (norm `task_overdue.escalation`): which steps repeat a recipient. */
    private readonly ladder: readonly EscalationStep[],
    private readonly at: EpochMs,
  ) {
    this.db = ctx.handle.db;
    this.accountId = ctx.config.ACCOUNT_ID;
  }

  private get style() {
    return { timezone: this.policy.hours.timezone };
  }

  /**
   * New pings: recorded, then the steps due at detection fired (the
   * supervisor-side copies one by one or as a digest per chat). A ping is
   * about its subject (a task, or a missed call) at the finding's start:
   * the task's due time, the call's time.
   */
  open(fresh: readonly FreshPing[], steps: readonly EscalationStep[]): void {
    const tellings: Telling[] = [];
    for (const { finding, facts, subject } of fresh) {
      this.forgetSnoozed(subject, finding.since);
      const ping = this.db
        .insert(pings)
        .values({ accountId: this.accountId, subject: subject.kind, taskId: subject.id, dueAt: finding.since, managerId: finding.managerId, dealId: finding.dealId, detectedAt: this.at, facts })
        .onConflictDoNothing()
        .returning()
        .get();
      if (!ping) continue;
      tellings.push(...this.route(ping, steps, []));
    }
    this.tell(tellings);
  }

  /**
   * A ping closed because its task or deal was snoozed, overdue again with
   * the same due time now that the snooze is over, is detected anew: the
   * closed row gives way (its messages were edited «⏸ Отложено» already) to
   * a new one, whose ladder starts over and whose messages are new.
   */
  private forgetSnoozed(subject: FreshPing['subject'], dueAt: EpochMs): void {
    this.db
      .delete(pings)
      .where(and(eq(pings.accountId, this.accountId), eq(pings.subject, subject.kind), eq(pings.taskId, subject.id), eq(pings.dueAt, dueAt), eq(pings.outcome, 'snoozed')))
      .run();
  }

  /** Later steps of open pings, due now: each fires once (a step recorded since the plan was made is skipped). Returns the steps fired. */
  advance(due: readonly { pingId: number; steps: readonly EscalationStep[] }[]): number {
    const tellings: Telling[] = [];
    let fired = 0;
    for (const { pingId, steps } of due) {
      const ping = this.db.select().from(pings).where(eq(pings.id, pingId)).get();
      if (!ping || ping.closedAt !== null) continue;
      const had = this.db.select().from(pingSteps).where(eq(pingSteps.pingId, pingId)).all();
      const fresh = steps.filter((step) => !had.some((row) => row.afterMinutes === step.afterMinutes && row.recipient === step.to));
      fired += fresh.length;
      tellings.push(...this.route(ping, fresh, had));
    }
    this.tell(tellings);
    return fired;
  }

  /**
   * Where each step goes. A step with nobody to tell (the manager not
   * linked, no chat bound) is recorded without a message, as the manager's
   * copy of an unlinked manager always was. Steps that reach the same chat
   * in this check make one message; a step whose chat still holds an unsent
   * message of the ping (waiting for working hours) is recorded against
   * that message rather than queue a second one beside it. A step told to a
   * recipient before — earlier on the ladder, or in the same chat — is an
   * escalation (🔺).
   */
  private route(ping: PingRow, steps: readonly EscalationStep[], had: readonly StepRow[]): Telling[] {
    const tellings: Telling[] = [];
    const waiting = this.unsentIn(had);
    for (const step of steps) {
      const { destination, managerUnreachable, managerAway } = routeStep(step.to, ping.managerId, this.people, this.policy, this.at);
      if (!destination) {
        this.record(ping, step, null, null);
        continue;
      }
      const together = tellings.find((t) => t.destination.chatId === destination.chatId);
      if (together) {
        together.steps.push(step);
        continue;
      }
      const pending = waiting.get(destination.chatId);
      if (pending !== undefined) {
        this.record(ping, step, pending, destination.chatId);
        continue;
      }
      const index = this.ladder.findIndex((s) => stepKey(s) === stepKey(step));
      const repeat = repeatsRecipient(this.ladder, index) || had.some((row) => row.chatId === destination.chatId);
      // A step to a manager who is away reached their supervisor: it reads as the supervisor's copy.
      const toManager = step.to === 'manager' && managerAway === null;
      const audience: PingAudience = toManager ? (repeat ? 'manager-escalation' : 'manager') : repeat ? 'escalation' : 'supervisor';
      tellings.push({ ping, steps: [step], destination, audience, managerUnreachable, managerAway });
    }
    return tellings;
  }

  /** The ping's messages not sent yet, by chat. */
  private unsentIn(had: readonly StepRow[]): Map<string, number> {
    const ids = [...new Set(had.flatMap((row) => (row.messageId === null ? [] : [row.messageId])))];
    if (ids.length === 0) return new Map();
    const rows = this.db.select({ id: outbox.id, chatId: outbox.chatId }).from(outbox).where(and(inArray(outbox.id, ids), eq(outbox.status, 'pending'))).all();
    return new Map(rows.map((row) => [row.chatId, row.id]));
  }

  /** Queues the messages: first copies for one supervisor-side chat from DIGEST_FROM pings on as one digest, the rest one by one. */
  private tell(tellings: readonly Telling[]): void {
    const byChat = new Map<string, Telling[]>();
    for (const telling of tellings) {
      if (telling.audience !== 'supervisor') continue;
      byChat.set(telling.destination.chatId, [...(byChat.get(telling.destination.chatId) ?? []), telling]);
    }
    const digested = new Set<Telling>();
    for (const group of byChat.values()) {
      const [first] = group;
      if (!first || group.length < DIGEST_FROM) continue;
      const views = group.map((t) => ({ ...this.view(t.ping, t.destination.notBefore), managerAway: t.managerAway }));
      const message = digestMessage(views, { ...this.style, locale: first.destination.locale, form: first.destination.form });
      const id = this.enqueue(`digest:${first.ping.id}:${stepKey(first.steps[0]!)}`, first.destination, message);
      for (const telling of group) {
        this.settle(telling, id);
        digested.add(telling);
      }
    }
    for (const telling of tellings) {
      if (digested.has(telling)) continue;
      const { ping, destination, audience, managerUnreachable, managerAway } = telling;
      const message = pingMessage(this.view(ping, destination.notBefore), audience, { ...this.style, locale: destination.locale, form: destination.form, managerUnreachable, managerAway });
      this.settle(telling, this.enqueue(`ping:${ping.id}:step:${stepKey(telling.steps[0]!)}`, destination, message));
    }
  }

  /** Records a telling's steps with its message, and names the first message of each kind in the ping's own columns (what retention keeps). */
  private settle(telling: Telling, messageId: number | null): void {
    for (const step of telling.steps) this.record(telling.ping, step, messageId, telling.destination.chatId);
    if (messageId === null) return;
    const { ping, audience } = telling;
    const thisPing = eq(pings.id, ping.id);
    if (audience === 'manager' || audience === 'manager-escalation') this.db.update(pings).set({ managerMessage: messageId }).where(and(thisPing, isNull(pings.managerMessage))).run();
    else if (audience === 'supervisor') this.db.update(pings).set({ supervisorMessage: messageId }).where(and(thisPing, isNull(pings.supervisorMessage))).run();
    else this.db.update(pings).set({ escalationMessage: messageId, escalatedAt: this.at }).where(and(thisPing, isNull(pings.escalationMessage))).run();
  }

  private record(ping: PingRow, step: EscalationStep, messageId: number | null, chatId: string | null): void {
    this.db
      .insert(pingSteps)
      .values({ accountId: this.accountId, pingId: ping.id, afterMinutes: step.afterMinutes, recipient: step.to, firedAt: this.at, messageId, chatId })
      .onConflictDoNothing()
      .run();
  }

  /**
   * Open pings whose manager is away now (an absence marked after their copy
   * was queued, covering the working time it waits for): the copy still in
   * the outbox is withdrawn, and the manager's step goes to the supervisor
   * instead, as it would be routed now, unless a message of the ping already
   * reaches that chat. Returns the copies withdrawn.
   */
  withdrawFromAway(pingIds: readonly number[]): number {
    // Nobody has an absence marked (the usual case): nothing to read for each open ping every minute.
    const personal = this.policy.work?.personal;
    if (!personal || ![...personal.values()].some((schedule) => schedule.absences.length > 0)) return 0;
    let withdrawn = 0;
    const tellings: Telling[] = [];
    for (const pingId of pingIds) {
      const ping = this.db.select().from(pings).where(eq(pings.id, pingId)).get();
      if (!ping || ping.closedAt !== null || ping.managerId === null) continue;
      const route = routeStep('manager', ping.managerId, this.people, this.policy, this.at);
      if (route.managerAway === null) continue;
      const had = this.db.select().from(pingSteps).where(eq(pingSteps.pingId, pingId)).all();
      const waiting = had.filter((row) => row.recipient === 'manager' && row.messageId !== null && cancelPending(this.db, row.messageId));
      if (waiting.length === 0) continue;
      withdrawn += waiting.length;
      const { destination } = route;
      // The steps keep their record, now without a message: the supervisor's chat hears of it below, or already has.
      for (const row of waiting) this.db.update(pingSteps).set({ messageId: null, chatId: null }).where(and(eq(pingSteps.pingId, pingId), eq(pingSteps.afterMinutes, row.afterMinutes), eq(pingSteps.recipient, 'manager'))).run();
      if (!destination || had.some((row) => row.chatId === destination.chatId)) continue;
      const steps = waiting.map((row) => ({ afterMinutes: row.afterMinutes, to: 'manager' as const }));
      tellings.push({ ping, steps, destination, audience: 'supervisor', managerUnreachable: false, managerAway: route.managerAway });
    }
    for (const telling of tellings) {
      const message = pingMessage(this.view(telling.ping, telling.destination.notBefore), 'supervisor', { ...this.style, locale: telling.destination.locale, form: telling.destination.form, managerUnreachable: false, managerAway: telling.managerAway });
      const id = this.enqueue(`ping:${telling.ping.id}:away:${stepKey(telling.steps[0]!)}`, telling.destination, message);
      for (const step of telling.steps) {
        this.db.update(pingSteps).set({ messageId: id, chatId: telling.destination.chatId }).where(and(eq(pingSteps.pingId, telling.ping.id), eq(pingSteps.afterMinutes, step.afterMinutes), eq(pingSteps.recipient, 'manager'))).run();
      }
    }
    return withdrawn;
  }

  /** Closed pings: unsent messages are dropped (or a digest rewritten), sent ones are edited to say how it ended — every message of the ladder. */
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
      const outcome = { kind: closure.outcome, at: closure.at, newDueAt: closure.newDueAt, until: closure.until ?? null, subject: ping.subject };
      for (const messageId of this.messagesOf(ping.id)) {
        if (this.isDigest(messageId)) digests.add(messageId);
        else this.settleSingle(ping, messageId, outcome);
      }
    }
    for (const digestId of digests) this.refreshDigest(digestId);
  }

  /** Every message the ping's steps queued, once each (steps that told one chat at once share one), oldest first. */
  private messagesOf(pingId: number): number[] {
    const rows = this.db.selectDistinct({ id: pingSteps.messageId }).from(pingSteps).where(and(eq(pingSteps.pingId, pingId), isNotNull(pingSteps.messageId))).all();
    return rows.map((row) => row.id!).sort((a, b) => a - b);
  }

  private settleSingle(ping: PingRow, messageId: number, outcome: PingOutcomeView): void {
    if (cancelPending(this.db, messageId)) return;
    const row = outboxRow(this.db, messageId);
    if (row?.status !== 'sent') return;
    const payload = textPayloadOf(row);
    const html = withOutcome(payload.html, outcome, { ...this.style, locale: payload.locale ?? this.ctx.config.LOCALE });
    // A closed ping keeps its link to the deal; «Отложить» has nothing left to act on.
    enqueueEdit(this.db, { accountId: this.accountId, dedupeKey: `closed:${ping.id}:${messageId}`, editOf: messageId, html, buttons: urlButtonsOf(payload.buttons) }, this.at);
  }

  private refreshDigest(digestId: number): void {
    const members = this.db
      .select()
      .from(pings)
      .where(inArray(pings.id, this.db.select({ id: pingSteps.pingId }).from(pingSteps).where(eq(pingSteps.messageId, digestId))))
      .orderBy(pings.id)
      .all();
    const row = outboxRow(this.db, digestId);
    if (!row) return;
    const payload = textPayloadOf(row);
    const locale = payload.locale ?? this.ctx.config.LOCALE;
    // A digest queued before the form was kept is rewritten in the strictest one.
    const form = payload.form ?? 'strict';
    // Rewritten as things are now: a manager back from an absence is no longer said to be away.
    const views = members.map((p) => ({ ...this.view(p, row.notBefore), managerAway: awayAt(p.managerId, this.policy, this.at) }));
    const message = digestMessage(views, { ...this.style, locale, form });
    if (members.every((p) => p.closedAt !== null) && cancelPending(this.db, digestId)) return;
    if (rewritePending(this.db, digestId, { ...message, locale, form })) return;
    if (row.status !== 'sent') return;
    const closed = members.filter((p) => p.closedAt !== null).length;
    enqueueEdit(this.db, { accountId: this.accountId, dedupeKey: `digest:${digestId}:closed-${closed}`, editOf: digestId, ...message, locale }, this.at);
  }

  private isDigest(messageId: number): boolean {
    return this.db.selectDistinct({ id: pingSteps.pingId }).from(pingSteps).where(eq(pingSteps.messageId, messageId)).limit(2).all().length > 1;
  }

  private view(ping: PingRow, sendAt: EpochMs): PingView {
    const outcome = ping.outcome && ping.closedAt !== null ? { kind: ping.outcome, at: ping.closedAt, newDueAt: null, subject: ping.subject } : undefined;
    // «Отложить» snoozes the task; a missed call has no task, so it snoozes the call's deal (none without one).
    const snooze = ping.subject === 'task' ? { scope: 'task' as const, targetId: ping.taskId } : ping.dealId ? { scope: 'deal' as const, targetId: ping.dealId } : undefined;
    // Pings recorded before facts kept the deal's id take it from the row.
    return { facts: { ...ping.facts, dealId: ping.facts.dealId ?? ping.dealId }, dueAt: ping.dueAt, lateAt: Math.max(sendAt, this.at), outcome, snooze };
  }

  private enqueue(dedupeKey: string, destination: Destination, message: { html: string; buttons: InlineButtons }): number | null {
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
  const call = finding.rule === 'missed_call_not_returned' ? { subject: 'missed_call' as const, phone: typeof finding.facts.phone === 'string' ? finding.facts.phone : null } : {};
  return {
    ...call,
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
