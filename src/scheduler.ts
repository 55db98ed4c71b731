import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from './logger';
import { describeError } from './errors';

export interface ScheduledJob {
  name: string;
  /** A cron expression, read in `timezone`. */
  schedule: string;
  run(): Promise<unknown>;
}

/**
 * Runs jobs on their cron schedules in the account's timezone. A run never
 * overlaps the previous one of the same job; a failed run is logged with its
 * reason and the schedule goes on (the next run may well succeed).
 */
export function startScheduler(jobs: readonly ScheduledJob[], timezone: string, logger: Logger): { stop(): Promise<void> } {
  const tasks: ScheduledTask[] = jobs.map((job) =>
    cron.schedule(job.schedule, () => runLogged(job, logger), { name: job.name, timezone, noOverlap: true }),
  );
  for (const task of tasks) logger.info({ job: task.name, next: task.getNextRun()?.toISOString() }, 'job scheduled');
  return {
    async stop() {
      await Promise.all(tasks.map((task) => task.destroy()));
    },
  };
}

/** Runs a job once, logging how it went; never throws. */
export async function runLogged(job: Pick<ScheduledJob, 'name' | 'run'>, logger: Logger): Promise<void> {
  const started = Date.now();
  try {
    await job.run();
    logger.info({ job: job.name, ms: Date.now() - started }, 'job done');
  } catch (error) {
    logger.error({ job: job.name, err: describeError(error) }, 'job failed');
  }
}
