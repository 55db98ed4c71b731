import type { Finding } from '../rules/types';
import type { EpochMs } from '../time';

/**
 * Snoozes as the rest of the bot sees them, pure: which findings a snooze
 * hides, who may do what with one, and the preset reasons.
 */

export type SnoozeScope = 'deal' | 'task';
/** The preset reasons a button offers; `other` is a reason typed by a person. */
export const SNOOZE_REASONS = ['away', 'payment', 'season', 'other'] as const;
export type SnoozeReason = (typeof SNOOZE_REASONS)[number];
export type SnoozeStatus = 'pending' | 'active' | 'ended';
export type SnoozeEnd = 'cancelled' | 'expired' | 'declined' | 'task-moved' | 'task-done' | 'replaced';

/** A snooze as stored. */
export interface Snooze {
  id: number;
  scope: SnoozeScope;
  targetId: string;
  dealId: string | null;
  managerId: string | null;
  taskDueAt: EpochMs | null;
  reason: SnoozeReason;
  /** The reason as typed (`other`): customer data possible, shown only per the privacy policy. */
  note: string | null;
  until: EpochMs;
  status: SnoozeStatus;
  createdBy: string;
  createdAt: EpochMs;
}

/** What a snooze hides: a deal's every finding (its tasks' included), a task's findings. */
export type SnoozeTarget = Pick<Snooze, 'scope' | 'targetId'>;

/** The snoozes in force at `at`: confirmed (active) and not expired. A pending one hides nothing until confirmed. */
export function inForce<S extends Pick<Snooze, 'status' | 'until'>>(snoozes: readonly S[], at: EpochMs): S[] {
  return snoozes.filter((s) => s.status === 'active' && s.until > at);
}

/** The snoozes in force, as the sets a check looks findings up in. */
export class SnoozeIndex {
  private readonly deals = new Map<string, Snooze>();
  private readonly tasks = new Map<string, Snooze>();

  constructor(snoozes: readonly Snooze[], at: EpochMs) {
    for (const s of inForce(snoozes, at)) (s.scope === 'deal' ? this.deals : this.tasks).set(s.targetId, s);
  }

  get size(): number {
    return this.deals.size + this.tasks.size;
  }

  /** The snooze that hides a finding, if any: its task's, else its deal's. Findings of no deal and no task (a manager's overload) are never hidden. */
  snoozeOf(finding: Pick<Finding, 'dealId' | 'taskId'>): Snooze | undefined {
    return (finding.taskId !== null ? this.tasks.get(finding.taskId) : undefined) ?? (finding.dealId !== null ? this.deals.get(finding.dealId) : undefined);
  }

  hides(finding: Pick<Finding, 'dealId' | 'taskId'>): boolean {
    return this.snoozeOf(finding) !== undefined;
  }
}

/** Splits findings into those still counted and those a snooze hides. */
export function splitSnoozed<F extends Pick<Finding, 'dealId' | 'taskId'>>(findings: readonly F[], index: SnoozeIndex): { shown: F[]; hidden: F[] } {
  const shown: F[] = [];
  const hidden: F[] = [];
  for (const f of findings) (index.hides(f) ? hidden : shown).push(f);
  return { shown, hidden };
}

/**
 * The reasons snoozes in force give, most first (ties in preset order), for
 * the weekly report: preset reasons by their code, every typed one as
 * `other` — a report goes to a group chat, and typed words may name customers.
 */
export function topReasons(snoozes: readonly Pick<Snooze, 'reason'>[], limit = 3): { reason: SnoozeReason; count: number }[] {
  const counts = new Map<SnoozeReason, number>();
  for (const s of snoozes) counts.set(s.reason, (counts.get(s.reason) ?? 0) + 1);
  return SNOOZE_REASONS.flatMap((reason) => (counts.has(reason) ? [{ reason, count: counts.get(reason)! }] : []))
    .sort((a, b) => b.count - a.count)
    .slice(0, limit);
}

/** Who acts on a snooze: an admin, and/or the CRM user they are linked to. */
export interface Actor {
  admin: boolean;
  crmUserId: string | null;
}

/** The target's owner: its manager and the manager's supervisor. */
export interface Owner {
  managerId: string | null;
  supervisorId: string | null;
}

/** Whether an actor may snooze a target: its manager, the manager's supervisor, an admin. */
export function maySnooze(actor: Actor, owner: Owner): boolean {
  return actor.admin || (actor.crmUserId !== null && (actor.crmUserId === owner.managerId || actor.crmUserId === owner.supervisorId));
}

/** Whether an actor may confirm or decline a pending snooze: the manager's supervisor or an admin, never the manager alone. */
export function mayDecide(actor: Actor, owner: Owner): boolean {
  return actor.admin || (actor.crmUserId !== null && actor.crmUserId === owner.supervisorId);
}

/** Whether an actor may cancel a snooze: who set it, the manager's supervisor, an admin. */
export function mayCancel(actor: Actor & { telegramUserId: string }, owner: Owner, snooze: Pick<Snooze, 'createdBy'>): boolean {
  return actor.telegramUserId === snooze.createdBy || mayDecide(actor, owner);
}

/** Whether a snooze needs confirmation: set by someone who is neither an admin nor the manager's supervisor, for longer than the norm. */
export function needsConfirmation(actor: Actor, owner: Owner, days: number, maxDays: number): boolean {
  return days > maxDays && !mayDecide(actor, owner);
}
