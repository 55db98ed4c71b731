import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { connectorFor, type JobContext } from '../jobs/context';
import { exportFor } from '../jobs/export';
import { describeError } from '../errors';
import { requireSnapshot } from './snapshot-guard';
import { CommandError, parseCommandArgs, parseInstant, UsageError } from './usage';

export const EXPORT_HELP = `Usage: npm run -s cli -- export FILE [--at ISO]

Writes an XLSX workbook to FILE: the findings open at --at (default: now)
with their deal links, the managers' KPIs and the funnel of the 7 days
before it. Deal names are as typed (the CLI runs on the server, by whoever
holds the database). FILE is replaced whole or not at all.
  --at ISO   the instant, e.g. 2026-11-23 or 2026-11-23T09:00:00+03:00`;

/** `export FILE`: the workbook a sales head opens in Excel. */
export async function exportCommand(ctx: JobContext, args: string[]): Promise<string> {
  const { values, positionals } = parseCommandArgs(args, { at: { type: 'string' } }, EXPORT_HELP, 1);
  const [file] = positionals;
  if (!file) throw new UsageError('export needs a FILE to write, e.g. export findings.xlsx', EXPORT_HELP);
  if (!file.toLowerCase().endsWith('.xlsx')) throw new UsageError(`export writes an XLSX workbook: name the file *.xlsx (got "${file}")`, EXPORT_HELP);
  const at = parseInstant(values.at, ctx.config.TIMEZONE, ctx.clock.now(), EXPORT_HELP);
  requireSnapshot(ctx);
  const crm = connectorFor(ctx);
  const workbook = await exportFor({ ...ctx, dealUrl: (id) => crm.dealUrl(id) }, at, { kind: 'operator' }, ctx.config.LOCALE);
  if (!workbook) throw new CommandError('export: nothing to export yet — run `npm run -s cli -- sync` first');
  // Written beside the target and renamed over it: a reader never sees half a workbook.
  const partial = `${file}.partial`;
  try {
    writeFileSync(partial, workbook.bytes);
    renameSync(partial, file);
  } catch (error) {
    rmSync(partial, { force: true });
    throw new CommandError(`export: could not write ${file}: ${describeError(error)}`);
  }
  return `Exported ${workbook.findings} open findings and ${workbook.managers} managers' KPIs to ${file}`;
}
