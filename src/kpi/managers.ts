import { addDays, compareDates, localDateAt, type LocalDate } from '../calendar/local-date';
import type { Deal, EpochMs } from '../crm/model';
import type { Norms } from '../norms/schema';
import { calendarTime, workingTime } from '../rules/durations';
import { firstContactAt } from '../rules/first-contact-slow';
import { isContactCall, type SnapshotIndex } from '../rules/snapshot-index';
import { worksOn } from '../schedules/windows';
import { scheduleOf, type WorkTime } from '../schedules/work-time';
import { MINUTE } from '../time';
import { NO_REASON, type ManagerKpis } from './model';
import { median, quantile, share } from './stats';

interface Window {
  from: EpochMs;
  to: EpochMs;
}

const within = (t: EpochMs | null, w: Window): t is EpochMs => t !== null && t > w.from && t <= w.to;

/**
 * Each manager's KPIs for the window: every active CRM user, and anyone
 * else the window's deals, tasks or calls name, in id order. Pure.
 */
export function managerKpis(snapshot: SnapshotIndex, norms: Norms, work: WorkTime, window: Window): ManagerKpis[] {
  const rows = new Map<string, ManagerKpis>();
  const row = (id: string): ManagerKpis => {
    let r = rows.get(id);
    if (!r) rows.set(id, (r = emptyRow(id, workingDays(work, norms, id, window))));
    return r;
  };
  for (const user of snapshot.users.values()) if (user.active) row(user.id);

  const dials = new Map<string, number[]>();
  const reached = new Map<string, { due: number; reached: number }>();
  for (const deal of snapshot.deals) {
    if (deal.responsibleId === null) continue;
    if (within(deal.createdAt, window)) {
      const r = row(deal.responsibleId);
      r.newDeals++;
      const dial = firstDialAt(deal, snapshot, window.to);
      if (dial !== null) push(dials, deal.responsibleId, (dial - deal.createdAt) / MINUTE);
      const outcome = reachedInTime(deal, snapshot, norms, work, window.to);
      if (outcome !== null) {
        const counts = reached.get(deal.responsibleId) ?? { due: 0, reached: 0 };
        counts.due++;
        if (outcome) counts.reached++;
        reached.set(deal.responsibleId, counts);
      }
    }
    const closedAt = snapshot.closedAt(deal);
    if (!within(closedAt, window)) continue;
    const kind = snapshot.stages.get(deal.stageId)?.kind;
    const r = row(deal.responsibleId);
    if (kind === 'won') {
      r.wonCount++;
      r.wonAmount += deal.price;
    } else if (kind === 'lost') {
      r.lostCount++;
      const reason = deal.lossReason ?? NO_REASON;
      r.lostByReason[reason] = (r.lostByReason[reason] ?? 0) + 1;
    }
  }
  const completed = new Map<string, number>();
  for (const task of snapshot.tasks) if (task.completed && task.responsibleId !== null && within(task.completedAt, window)) completed.set(task.responsibleId, (completed.get(task.responsibleId) ?? 0) + 1);
  const calls = new Map<string, number>();
  for (const call of snapshot.calls) if (call.userId !== null && isContactCall(call) && within(call.at, window)) calls.set(call.userId, (calls.get(call.userId) ?? 0) + 1);
  for (const [id, n] of completed) row(id).tasksCompletedPerDay = n;
  for (const [id, n] of calls) row(id).callsPerDay = n;
  for (const deal of snapshot.deals) if (deal.responsibleId !== null) {
    const backward = backwardMoves(deal, snapshot, window);
    if (backward > 0) row(deal.responsibleId).backwardMoves += backward;
  }

  for (const r of rows.values()) {
    const minutes = dials.get(r.managerId) ?? [];
    r.firstDialMedianMinutes = round(median(minutes));
    r.firstDialP90Minutes = round(quantile(minutes, 0.9));
    const counts = reached.get(r.managerId);
    r.reachedShare = counts ? share(counts.reached, counts.due) : null;
    // Counted above as totals; a figure per day needs a working day to divide by.
    r.tasksCompletedPerDay = perDay(r.tasksCompletedPerDay ?? 0, r.workingDays);
    r.callsPerDay = perDay(r.callsPerDay ?? 0, r.workingDays);
  }
  return [...rows.values()].sort((a, b) => (a.managerId < b.managerId ? -1 : a.managerId > b.managerId ? 1 : 0));
}

function emptyRow(managerId: string, workingDays: number): ManagerKpis {
  return {
    managerId,
    newDeals: 0,
    firstDialMedianMinutes: null,
    firstDialP90Minutes: null,
    reachedShare: null,
    wonCount: 0,
    wonAmount: 0,
    lostCount: 0,
    lostByReason: {},
    tasksCompletedPerDay: null,
    callsPerDay: null,
    backwardMoves: 0,
    workingDays,
  };
}

/** The first outgoing call attempt on the deal (on its contact's or company's card too) from its creation to `until`. */
function firstDialAt(deal: Deal, snapshot: SnapshotIndex, until: EpochMs): EpochMs | null {
  let first: EpochMs | null = null;
  for (const call of snapshot.contactCallsByDeal.get(deal.id) ?? []) {
    if (call.direction !== 'out' || call.at < deal.createdAt || call.at > until) continue;
    if (first === null || call.at < first) first = call.at;
  }
  return first;
}

/**
 * Whether a new deal was reached by its first-contact deadline (the norm
 * first_contact_slow, on its clock); null while the deadline has not passed
 * by `until` and nobody has reached it yet — too early to say.
 */
function reachedInTime(deal: Deal, snapshot: SnapshotIndex, norms: Norms, work: WorkTime, until: EpochMs): boolean | null {
  const rule = norms.rules.first_contact_slow;
  const clock = rule.clock === 'working' ? workingTime(scheduleOf(work, { ...norms.workingHours, timezone: norms.timezone }, deal.responsibleId)) : calendarTime;
  const deadline = clock.add(deal.createdAt, rule.minutes * MINUTE);
  const contacted = firstContactAt(deal, snapshot);
  const reachedBy = contacted !== null && contacted <= until ? contacted : null;
  if (reachedBy !== null && reachedBy <= deadline) return true;
  return deadline <= until ? false : null;
}

/** Moves of the deal in the window back to an earlier open stage of the same pipeline. */
function backwardMoves(deal: Deal, snapshot: SnapshotIndex, window: Window): number {
  let n = 0;
  for (const change of snapshot.changesByDeal.get(deal.id) ?? []) {
    if (!within(change.at, window) || change.fromStageId === null) continue;
    const from = snapshot.stages.get(change.fromStageId);
    const to = snapshot.stages.get(change.toStageId);
    if (from && to && from.pipelineId === to.pipelineId && to.kind === 'open' && from.kind === 'open' && to.sort < from.sort) n++;
  }
  return n;
}

/** The local dates the window covers on which the person works (their own schedule, else the account's; absences excluded). */
function workingDays(work: WorkTime, norms: Norms, personId: string, window: Window): number {
  const schedule = scheduleOf(work, { ...norms.workingHours, timezone: norms.timezone }, personId);
  const last = localDateAt(window.to - 1, norms.timezone);
  let n = 0;
  for (let date: LocalDate = localDateAt(window.from, norms.timezone); compareDates(date, last) <= 0; date = addDays(date, 1)) if (worksOn(schedule, date)) n++;
  return n;
}

function perDay(count: number, days: number): number | null {
  return days === 0 ? null : round(count / days);
}

/** Two decimals: figures people read, not measurements. */
function round(value: number | null): number | null {
  return value === null ? null : Math.round(value * 100) / 100;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
