/**
 * The escalation ladder of overdue pings (norm `task_overdue.escalation`):
 * who is told about an overdue task, and when. Pure: the steps, their
 * checks and the old single-number norm they replace. The schema
 * (schema.ts) validates a ladder with `ladderProblem`; the chat parses one
 * with `parseLadder` (edit.ts); the pings follow it (src/pings/plan.ts).
 */

/** Who a step tells: the task's manager, their supervisor, or one of the account's bound group chats. */
export const RECIPIENTS = ['manager', 'supervisor', 'supervisors_chat', 'report_chat'] as const;
export type Recipient = (typeof RECIPIENTS)[number];

/**
 * One step: tell `to` once `afterMinutes` have passed since the ping was
 * detected (the check that first saw the task overdue; never before the due
 * time). A step at 0 fires at detection.
 */
export interface EscalationStep {
  afterMinutes: number;
  to: Recipient;
}

/** More steps than this is a ladder nobody reads to the end; the limit keeps a typo from flooding chats. */
export const MAX_STEPS = 6;
/** A step later than this is a task nobody will do: the report covers it. */
export const MAX_AFTER_MINUTES = 30 * 24 * 60;

/**
 * The ladder that replaces the old norm `escalateAfterMinutes`: the manager
 * and the supervisor at once, the supervisor again after that many minutes —
 * exactly what pings did before the ladder. Values over the ladder's limit
 * (30 days) are taken as the limit: an old document must still load.
 */
export function legacyLadder(escalateAfterMinutes: number): EscalationStep[] {
  return [
    { afterMinutes: 0, to: 'manager' },
    { afterMinutes: 0, to: 'supervisor' },
    { afterMinutes: Math.min(escalateAfterMinutes, MAX_AFTER_MINUTES), to: 'supervisor' },
  ];
}

/** The default ladder: today's pings (the old default `escalateAfterMinutes` was 120). */
export const DEFAULT_LADDER: readonly EscalationStep[] = legacyLadder(120);

/** A step's identity in a ping's record: a ladder holds each (time, recipient) once. */
export const stepKey = (step: EscalationStep): string => `${step.afterMinutes}:${step.to}`;

/**
 * Whether the step at `index` tells a recipient an earlier step already
 * told: its message is marked as an escalation (🔺), and /norms says «снова».
 */
export function repeatsRecipient(ladder: readonly EscalationStep[], index: number): boolean {
  const step = ladder[index];
  return step !== undefined && ladder.slice(0, index).some((earlier) => earlier.to === step.to);
}

/** What is wrong with a ladder as a whole, by the index of the step it is about. */
export type LadderShapeProblem =
  | { kind: 'empty' }
  | { kind: 'too-many'; count: number }
  | { kind: 'unsorted'; index: number }
  | { kind: 'duplicate'; index: number };

/**
 * The ladder's shape: at least one step, at most MAX_STEPS, in order of time
 * (the order is the order steps are told, so it is written as it runs), and
 * no step twice. Each step's own fields are checked by the schema.
 */
export function ladderProblem(ladder: readonly EscalationStep[]): LadderShapeProblem | null {
  if (ladder.length === 0) return { kind: 'empty' };
  if (ladder.length > MAX_STEPS) return { kind: 'too-many', count: ladder.length };
  for (let i = 1; i < ladder.length; i++) {
    if (ladder[i]!.afterMinutes < ladder[i - 1]!.afterMinutes) return { kind: 'unsorted', index: i };
  }
  const seen = new Set<string>();
  for (const [i, step] of ladder.entries()) {
    if (seen.has(stepKey(step))) return { kind: 'duplicate', index: i };
    seen.add(stepKey(step));
  }
  return null;
}
