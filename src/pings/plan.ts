import type { EpochMs, Task } from '../crm/model';
import { stepKey, type EscalationStep } from '../norms/ladder';
import { missedCallIdOf } from '../rules/missed-call-not-returned';
import type { Finding } from '../rules/types';
import { MINUTE } from '../time';

/** What a ping is about: an overdue task, or a missed call nobody returned. */
export type PingSubject = 'task' | 'missed_call';

/** A ping not closed yet, as the plan needs it. */
export interface OpenPing {
  id: number;
  /** A task when absent. */
  subject?: PingSubject;
  /** The task's id; for a missed call, the call's. */
  taskId: string;
  /** The task's deal: a snoozed deal closes its tasks' pings. Absent in plans that do not snooze. */
  dealId?: string | null;
  /** The task's due time; a missed call's time. */
  dueAt: EpochMs;
  /** When the check first saw it: the ladder's steps are timed from here, so a later step never follows the first within its norm. */
  detectedAt: EpochMs;
  /** The ladder's steps this ping has had (stepKey), whether or not they found someone to tell. */
  fired: ReadonlySet<string>;
}

/**
 * How a ping ended; `snoozed` when its task or deal was snoozed (the ping is
 * reopened if still overdue when the snooze ends); `returned` when the missed
 * call was returned (`gone` for a missed call: it stopped counting without
 * a callback — the rule turned off, or past its lookback).
 */
export type PingOutcome = 'done' | 'moved' | 'gone' | 'snoozed' | 'returned';

export interface Closure {
  pingId: number;
  outcome: PingOutcome;
  /** When it happened: the completion time for `done`, else the check's instant. */
  at: EpochMs;
  /** For `moved`: the task's new due time. */
  newDueAt: EpochMs | null;
  /** For `snoozed`: when the snooze ends. */
  until?: EpochMs | null;
}

export interface PingPlan {
  /** Overdue findings nobody was told about yet (task and due time never pinged). */
  fresh: Finding[];
  /** The steps a fresh ping fires as it is detected (those at 0 minutes), in ladder order. */
  freshSteps: EscalationStep[];
  closures: Closure[];
  /** Open pings with steps due now and not had yet, each with those steps in ladder order. */
  steps: { pingId: number; steps: EscalationStep[] }[];
}

export const pingKey = (taskId: string, dueAt: EpochMs): string => `${taskId}:${dueAt}`;

/**
 * The instant a step of the ladder is due for a ping: `afterMinutes` after
 * the ping was detected — the overdue check that first saw the task overdue,
 * confirmed by the CRM — and never before the task's due time. The check
 * runs every minute, so a step fires at the first check at or after it.
 * Measured from detection rather than from the due time so that a task first
 * seen late (pinging just began, the CRM was down) is not told at once to
 * everyone on the ladder, and so the default ladder is exactly the old
 * escalation: the supervisor again 2 hours after they were first told.
 */
export function stepDueAt(ping: Pick<OpenPing, 'dueAt' | 'detectedAt'>, step: EscalationStep): EpochMs {
  return Math.max(ping.dueAt, ping.detectedAt) + step.afterMinutes * MINUTE;
}

/** The steps of the ladder due for a ping at `at` and not had yet, in ladder order. */
export function dueSteps(ladder: readonly EscalationStep[], ping: Pick<OpenPing, 'dueAt' | 'detectedAt' | 'fired'>, at: EpochMs): EscalationStep[] {
  return ladder.filter((step) => !ping.fired.has(stepKey(step)) && stepDueAt(ping, step) <= at);
}

/**
 * Decides what an overdue check changes, from what the rules see now and
 * what was pinged before. Pure: the caller reads and writes the database.
 *
 * The ladder is read live: a ladder changed while pings are open applies to
 * them too. A step they have had (the same time and recipient) never fires
 * again; a step they have not had fires at its time — at once when that
 * time has passed.
 */
export function planPings(input: {
  overdue: readonly Finding[];
  open: readonly OpenPing[];
  /** Keys (pingKey) of the pings ever recorded, at least for the overdue tasks: the same task and due time is never pinged twice. */
  pinged: ReadonlySet<string>;
  tasks: ReadonlyMap<string, Task>;
  at: EpochMs;
  /** The escalation ladder (norm `task_overdue.escalation`). */
  ladder: readonly EscalationStep[];
  /** When the snooze in force on a ping's task or deal ends; null when none is. Snoozed pings close (the caller leaves snoozed findings out of `overdue`). */
  snoozedUntil?: (ping: Pick<OpenPing, 'taskId' | 'dealId'>) => EpochMs | null;
}): PingPlan {
  const { overdue, open, pinged, tasks, at, ladder } = input;
  const snoozedUntil = input.snoozedUntil ?? (() => null);
  const fresh = overdue.filter((f) => f.taskId !== null && !pinged.has(pingKey(f.taskId, f.since)));
  // A fresh ping is detected now: what is due at its detection is what it fires at once.
  const freshSteps = dueSteps(ladder, { dueAt: at, detectedAt: at, fired: new Set() }, at);
  const closures: Closure[] = [];
  const steps: PingPlan['steps'] = [];
  for (const ping of open) {
    const task = tasks.get(ping.taskId);
    if (!task) closures.push({ pingId: ping.id, outcome: 'gone', at, newDueAt: null });
    else if (task.completed) closures.push({ pingId: ping.id, outcome: 'done', at: task.completedAt ?? at, newDueAt: null });
    else if (task.dueAt !== ping.dueAt) closures.push({ pingId: ping.id, outcome: 'moved', at, newDueAt: task.dueAt });
    else if (snoozedUntil(ping) !== null) closures.push({ pingId: ping.id, outcome: 'snoozed', at, newDueAt: null, until: snoozedUntil(ping) });
    else {
      const due = dueSteps(ladder, ping, at);
      if (due.length > 0) steps.push({ pingId: ping.id, steps: due });
    }
  }
  return { fresh, freshSteps, closures, steps };
}

/**
 * The plan for missed calls nobody returned, as planPings is for overdue
 * tasks: a ping per missed call (never twice for the same call), closed when
 * the call is returned — by what the CRM says now — with the ladder's later
 * steps in between. Pure.
 */
export function planMissedCallPings(input: {
  /** The findings of missed_call_not_returned holding now, those snoozed left out. */
  unreturned: readonly Finding[];
  /** The open pings about missed calls. */
  open: readonly OpenPing[];
  /** Keys (pingKey of the call and its time) of the pings ever recorded for these calls. */
  pinged: ReadonlySet<string>;
  /** What became of a pinged call: when it was returned (null: not yet), and whether it still counts as unreturned (its finding holds, snoozed or not). */
  callState: (callId: string) => { returnedAt: EpochMs | null; holds: boolean };
  at: EpochMs;
  ladder: readonly EscalationStep[];
  snoozedUntil?: (ping: Pick<OpenPing, 'taskId' | 'dealId'>) => EpochMs | null;
}): PingPlan {
  const { open, pinged, at, ladder } = input;
  const snoozedUntil = input.snoozedUntil ?? (() => null);
  const fresh = input.unreturned.filter((f) => {
    const callId = missedCallIdOf(f);
    return callId !== null && !pinged.has(pingKey(callId, f.since));
  });
  const freshSteps = dueSteps(ladder, { dueAt: at, detectedAt: at, fired: new Set() }, at);
  const closures: Closure[] = [];
  const steps: PingPlan['steps'] = [];
  for (const ping of open) {
    const { returnedAt, holds } = input.callState(ping.taskId);
    if (returnedAt !== null) closures.push({ pingId: ping.id, outcome: 'returned', at: returnedAt, newDueAt: null });
    else if (snoozedUntil(ping) !== null) closures.push({ pingId: ping.id, outcome: 'snoozed', at, newDueAt: null, until: snoozedUntil(ping) });
    else if (!holds) closures.push({ pingId: ping.id, outcome: 'gone', at, newDueAt: null });
    else {
      const due = dueSteps(ladder, ping, at);
      if (due.length > 0) steps.push({ pingId: ping.id, steps: due });
    }
  }
  return { fresh, freshSteps, closures, steps };
}
