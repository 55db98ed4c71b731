import { defaultNorms } from '../norms/defaults';
import { normsToJson, readNormsFile, writeNormsFile } from '../norms/file';
import { loadNorms, saveNorms } from '../norms/store';
import { formatProblems } from '../norms/validate';
import type { JobContext } from '../jobs/context';
import { CommandError, parseCommandArgs, UsageError } from './usage';

export const NORMS_HELP = `Usage: npm run -s cli -- norms export [FILE]
       npm run -s cli -- norms import FILE

export  writes the account's norms as JSON to FILE (or prints them)
import  validates FILE and makes it the account's norms. Rules and fields the
        file leaves out keep their defaults; an invalid file changes nothing
        and every problem is listed with its path, e.g. rules.task_overdue.graceMinutes.`;

/** `norms export|import`: norms as a file a sales head can edit. */
export function normsCommand(ctx: JobContext, args: string[]): string {
  const { positionals } = parseCommandArgs(args, {}, NORMS_HELP, 2);
  const [action, file] = positionals;
  const { db } = ctx.handle;
  const accountId = ctx.config.ACCOUNT_ID;
  if (action === 'export') {
    const norms = loadNorms(db, accountId, ctx.config.TIMEZONE);
    if (!file) return normsToJson(norms).trimEnd();
    writeNormsFile(file, norms);
    return `Norms written to ${file}`;
  }
  if (action === 'import') {
    if (!file) throw new UsageError('norms import needs a FILE', NORMS_HELP);
    const result = readNormsFile(file, defaultNorms(ctx.config.TIMEZONE));
    if (!result.ok) throw new CommandError(`${file} was not imported; the norms are unchanged:\n${formatProblems(result.problems)}`);
    saveNorms(db, accountId, result.norms, ctx.clock.now().getTime());
    return `Norms imported from ${file}`;
  }
  throw new UsageError(action ? `unknown norms action "${action}" (expected export or import)` : 'norms needs an action: export or import', NORMS_HELP);
}
