import cron, { type ScheduledTask } from 'node-cron';
import { isShuttingDown } from './errors';
import type { Logger } from './logger';

export interface ScheduledJob {
  name: string;
  /** A cron expression, read in `timezone`. */
  schedule: string;
  /** `firedAt` is the scheduled instant (not the moment the timer woke up). */
  run(firedAt: Date): Promise<unknown>;
}

/**
 * Runs jobs on their cron schedules in the account's timezone. A run never
 * overlaps the previous one of the same job; a failed run is logged with its
 * reason and the schedule goes on (the next run may well succeed).
 */
export interface Scheduler {
  /** Moves a job to a new schedule (e.g. the weekly report after /schedule). */
  reschedule(name: string, schedule: string): Promise<void>;
  stop(): Promise<void>;
}

export function startScheduler(jobs: readonly ScheduledJob[], timezone: string, logger: Logger): Scheduler {
  const start = (job: ScheduledJob): ScheduledTask => {
    const task = cron.schedule(job.schedule, (context) => runLogged(job, logger, context.date), { name: job.name, timezone, noOverlap: true });
    logger.info({ job: job.name, schedule: job.schedule, next: task.getNextRun()?.toISOString() }, 'job scheduled');
    return task;
  };
  const tasks = new Map<string, { job: ScheduledJob; task: ScheduledTask }>(jobs.map((job) => [job.name, { job, task: start(job) }]));
  return {
    async reschedule(name, schedule) {
      const entry = tasks.get(name);
      if (!entry) throw new Error(`scheduler: no job named "${name}"`);
      await entry.task.destroy();
      const job = { ...entry.job, schedule };
      tasks.set(name, { job, task: start(job) });
    },
    async stop() {
      await Promise.all([...tasks.values()].map(({ task }) => task.destroy()));
    },
  };
}

/** Runs a job once, logging how it went; never throws. */
export async function runLogged(job: Pick<ScheduledJob, 'name' | 'run'>, logger: Logger, firedAt: Date): Promise<void> {
  const started = Date.now();
  try {
    await job.run(firedAt);
    logger.info({ job: job.name, ms: Date.now() - started }, 'job done');
  } catch (error) {
    if (isShuttingDown(error)) logger.info({ job: job.name, reason: (error as Error).message }, 'job ended: the bot is stopping');
    else logger.error({ job: job.name, err: error }, 'job failed');
  }
}

const MINUTE = 60_000;
/** How far back a missed run is looked for: a monthly schedule's worth. */
const LOOKBACK_MINUTES = 31 * 24 * 60;

/** The latest instant at or before `now` that the schedule fires at, or null within the last 31 days. */
export function previousRun(schedule: string, timezone: string, now: Date): Date | null {
  const task = cron.createTask(schedule, () => {}, { timezone });
  try {
    const start = Math.floor(now.getTime() / MINUTE) * MINUTE;
    for (let i = 0; i <= LOOKBACK_MINUTES; i++) {
      const candidate = new Date(start - i * MINUTE);
      if (task.match(candidate)) return candidate;
    }
    return null;
  } finally {
    void task.destroy();
  }
}
