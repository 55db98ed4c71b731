import type { Clock } from '../clock';
import { connectorFor, type JobContext } from '../jobs/context';
import { syncAndEvaluate } from '../jobs/sync-and-evaluate';
import type { SyncProgress } from '../sync/progress';
import { parseCommandArgs } from './usage';

export const SYNC_HELP = `Usage: npm run -s cli -- sync [--full]

Pulls the configured CRM (the CRM variable; demo by default) into the database,
then records which findings opened and which resolved. After a first full sync,
a CRM that can (amoCRM, Bitrix24) is asked only for what changed since the last one.
  --full   read the whole account even so
Prints a one-line summary; exits non-zero if the sync failed (the previous
snapshot is kept). While it runs, progress goes to stderr: on a terminal one
line rewritten in place, otherwise a plain line every 10 seconds or so
(entity being read, rows so far, requests to the CRM, rows/s, and the time
left when a previous full sync says how many rows to expect).`;

/** `sync`: one full sync and one evaluation, summarised on one line. */
export async function syncCommand(ctx: JobContext, args: string[], io?: { stderr: ProgressStream }): Promise<string> {
  const { values } = parseCommandArgs(args, { full: { type: 'boolean' } }, SYNC_HELP);
  const progress = io ? progressOnStderr(io.stderr, ctx.clock) : null;
  let evaluated;
  try {
    evaluated = await syncAndEvaluate(ctx, connectorFor(ctx), values.full ? 'full' : 'incremental', progress ? { onProgress: progress.show } : {});
  } finally {
    // The summary (stdout) or the error (stderr) starts on a clean line.
    progress?.clear();
  }
  const { run, findings, snoozed } = evaluated;
  const counts = run.counts ?? {};
  const seconds = (((run.finishedAt ?? run.startedAt) - run.startedAt) / 1000).toFixed(1);
  const open = findings.opened.length + findings.stillOpen - snoozed;
  return (
    `Synced ${ctx.config.CRM}${run.mode === 'incremental' ? ' (changes only)' : ''} in ${seconds} s: ${counts.deals ?? 0} deals, ${counts.tasks ?? 0} tasks, ` +
    `${counts.stageChanges ?? 0} stage changes, ${counts.users ?? 0} users. ` +
    `Findings: ${open} open (${findings.opened.length} new, ${findings.resolved} resolved).` +
    (snoozed > 0 ? ` ${snoozed} more snoozed, not counted as open.` : '')
  );
}

/** The CLI's stderr (run.ts's CliOutput; declared here so the two files do not import each other). */
interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** How often a plain progress line is written when stderr is not a terminal (a log file, a pipe, cron's mail). */
export const PLAIN_PROGRESS_EVERY_MS = 10_000;
/** Back to the line's start and erase it: the terminal's line is rewritten in place. */
const CLEAR_LINE = '\r\x1b[2K';

/**
 * Progress on stderr, stdout kept for the one summary line: on a terminal one
 * line rewritten on every page; elsewhere a plain line at most every 10 s of
 * the clock. That is decided on each page, with no timer of its own: pages
 * come every second or so (a page per request, amoCRM allows 7 a second), so
 * a line is at most a page late, and while no page comes there is nothing
 * new to say.
 */
function progressOnStderr(stderr: ProgressStream, clock: Clock): { show(p: SyncProgress): void; clear(): void } {
  const terminal = stderr.isTTY === true;
  let lastPlainAt = clock.now().getTime();
  let onScreen = false;
  return {
    show(p) {
      if (terminal) {
        stderr.write(CLEAR_LINE + progressLine(p));
        onScreen = true;
        return;
      }
      const now = clock.now().getTime();
      if (now - lastPlainAt < PLAIN_PROGRESS_EVERY_MS) return;
      lastPlainAt = now;
      stderr.write(`${progressLine(p)}\n`);
    },
    clear() {
      if (onScreen) stderr.write(CLEAR_LINE);
      onScreen = false;
    },
  };
}

/** «Syncing (full): deals, 12500 rows, 130 requests, 210 rows/s, about 4m 10s left» — short enough for one terminal line. */
export function progressLine(p: SyncProgress): string {
  const parts = [`Syncing (${p.mode})${p.entity ? `: ${p.entity}` : ''}`, `${p.totalRows} rows`, `${p.requests} requests`, `${Math.round(p.rate)} rows/s`];
  if (p.etaMs !== null) parts.push(`about ${shortDuration(p.etaMs)} left`);
  else if (p.almostDone) parts.push('almost done');
  return parts.join(', ');
}

/** «1h 05m», «4m 10s», «45s». */
function shortDuration(ms: number): string {
  const seconds = Math.max(1, Math.round(ms / 1000));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (h > 0) return `${h}h ${String(m).padStart(2, '0')}m`;
  if (m > 0) return `${m}m ${String(s).padStart(2, '0')}s`;
  return `${s}s`;
}
