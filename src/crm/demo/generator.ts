import type { EpochMs, Snapshot, Task } from '../model';
import { DEMO_USER_GROUPS, DEMO_USERS, MANAGER_SHARES } from './account';
import { DAY, isWorkday, moscowDay, moscowTime, weekdayOf } from './calendar';
import { OFFICE_TASKS } from './catalog';
import { writeDeal } from './deal-story';
import { pipelineRows, stageRows } from './pipelines';
import { mixSeed, Random } from './random';
import { completionTime, deadline } from './task-timing';

/**
 * The whole demo account as a timeline: every deal, task, stage move and call
 * with all its times, including those still in the future for a given "now".
 * The connector shows only what has happened by now.
 */
export interface DemoTimeline extends Snapshot {
  anchor: EpochMs;
  /** Nothing after this instant is in the timeline. */
  horizon: EpochMs;
}

export interface DemoAccountOptions {
  seed: number;
  /** The instant the timeline is built around (the connector uses Monday 00:00 UTC). */
  anchor: EpochMs;
  /** Multiplies the number of deals: 0.1 for quick tests, more for benchmarks. */
  scale?: number;
}

/** 18 weeks: the report's 8-week trend then starts on an account that has been running for 10 weeks already. */
const HISTORY_DAYS = 126;
const FUTURE_DAYS = 8;
const DEALS_PER_WEEK = 300;
/** Leads arrive on weekends too, far fewer of them. */
const SATURDAY_WEIGHT = 0.15;
const SUNDAY_WEIGHT = 0.08;
const DEALS_PER_WORKDAY = DEALS_PER_WEEK / (5 + SATURDAY_WEIGHT + SUNDAY_WEIGHT);
/** Share of weekday leads that come in the evening, after the managers have gone home. */
const EVENING_LEADS = 0.05;
const OFFICE_TASKS_PER_WORKDAY = 2.5;
/** Deal numbers are day·10 000 + n (growing over time, like amoCRM ids); n = 0 holds office tasks. */
const DEAL_SLOTS = 10_000;
const MAX_OFFICE_TASKS = 99;
const DAY_STREAM = 1;

/**
 * Builds the demo account from 18 weeks before `anchor` to eight days
 * after it. Same seed and anchor give the same timeline, byte for byte; a
 * deal's story depends only on the seed and its number, so consecutive weeks
 * agree on the deals they share.
 */
export function generateDemoAccount(options: DemoAccountOptions): DemoTimeline {
  const { seed, anchor } = options;
  const scale = options.scale ?? 1;
  const timeline: DemoTimeline = {
    anchor,
    horizon: anchor + FUTURE_DAYS * DAY,
    userGroups: DEMO_USER_GROUPS.map((g) => ({ ...g })),
    users: DEMO_USERS.map((u) => ({ ...u })),
    pipelines: pipelineRows(),
    stages: stageRows(),
    deals: [],
    tasks: [],
    stageChanges: [],
    calls: [],
  };
  for (let day = moscowDay(anchor - HISTORY_DAYS * DAY); day <= moscowDay(timeline.horizon); day += 1) {
    writeDay(timeline, seed, day, scale);
  }
  return timeline;
}

function writeDay(timeline: DemoTimeline, seed: number, day: number, scale: number): void {
  const rng = new Random(mixSeed(seed, DAY_STREAM, day));
  const expected = DEALS_PER_WORKDAY * scale * dayWeight(day) * rng.float(0.8, 1.2);
  const times = creationTimes(day, Math.min(rng.round(expected), DEAL_SLOTS - 1), rng);
  const start = timeline.anchor - HISTORY_DAYS * DAY;
  for (const [i, createdAt] of times.entries()) {
    if (createdAt < start || createdAt > timeline.horizon) continue;
    const dealNo = day * DEAL_SLOTS + i + 1;
    timeline.deals.push(writeDeal({ seed, dealNo, createdAt, horizon: timeline.horizon }, timeline));
  }
  if (isWorkday(day)) writeOfficeTasks(timeline, day, rng.round(OFFICE_TASKS_PER_WORKDAY * scale), rng);
}

function dayWeight(day: number): number {
  const weekday = weekdayOf(day);
  if (weekday === 5) return SATURDAY_WEIGHT;
  return weekday === 6 ? SUNDAY_WEIGHT : 1;
}

/** When the day's leads arrive, in order. */
function creationTimes(day: number, count: number, rng: Random): EpochMs[] {
  const times: EpochMs[] = [];
  for (let i = 0; i < count; i += 1) times.push(creationTime(day, rng));
  return times.sort((a, b) => a - b);
}

function creationTime(day: number, rng: Random): EpochMs {
  if (!isWorkday(day)) return moscowTime(day, rng.float(10, 18));
  if (rng.chance(EVENING_LEADS)) return moscowTime(day, rng.float(19, 23.5));
  // The sum of two uniforms peaks mid-afternoon, as inbound leads do.
  return moscowTime(day, 9 + 5 * (rng.next() + rng.next()));
}

/** Tasks that belong to no deal: supplier calls, stock checks, Avito ads. */
function writeOfficeTasks(timeline: DemoTimeline, day: number, count: number, rng: Random): void {
  for (let j = 1; j <= Math.min(count, MAX_OFFICE_TASKS); j += 1) {
    const createdAt = moscowTime(day, rng.float(9, 18));
    if (createdAt > timeline.horizon) return;
    timeline.tasks.push(officeTask(String(day * DEAL_SLOTS * 100 + j), createdAt, rng));
  }
}

function officeTask(id: string, createdAt: EpochMs, rng: Random): Task {
  const manager = rng.weighted(MANAGER_SHARES);
  const { type, text } = rng.pick(OFFICE_TASKS);
  const dueAt = deadline(rng, createdAt, 24);
  const doneAt = rng.chance(manager.neglect) ? null : completionTime(rng, manager, createdAt, dueAt);
  return {
    id, dealId: null, responsibleId: manager.id, text, type, dueAt,
    completed: doneAt !== null, completedAt: doneAt, createdAt,
  };
}
