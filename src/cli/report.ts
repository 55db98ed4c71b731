import type { JobContext } from '../jobs/context';
import { writeReport } from '../jobs/weekly-report';
import { requireSnapshot } from './snapshot-guard';
import { parseCommandArgs, parseInstant } from './usage';

export const REPORT_HELP = `Usage: npm run -s cli -- report [--at ISO] [--out DIR]

Writes the weekly quality report for the 7 days ending at --at (default: now)
over the latest snapshot: the HTML messages (message-N.html), the charts
(chart-N-*.png with their captions) and index.html to look at it all.
  --at ISO    the end of the reported week, e.g. 2026-11-23T09:00:00+03:00 or 2026-11-23
  --out DIR   where to write (default: OUT_DIR, ./out)`;

/** `report`: writes the weekly report files and lists their paths. */
export async function reportCommand(ctx: JobContext, args: string[]): Promise<string> {
  const { values } = parseCommandArgs(args, { at: { type: 'string' }, out: { type: 'string' } }, REPORT_HELP);
  const at = parseInstant(values.at, ctx.config.TIMEZONE, ctx.clock.now(), REPORT_HELP);
  requireSnapshot(ctx);
  const paths = await writeReport(ctx, at, values.out ?? ctx.config.OUT_DIR);
  return paths.join('\n');
}
