import { readFileSync, writeFileSync } from 'node:fs';
import type { JobContext } from '../jobs/context';
import { listPeople } from '../people/directory';
import { listSchedules, replaceSchedules } from '../people/schedules';
import { schedulesDocument, validateSchedules, type SchedulesProblem } from '../schedules/file';
import { CommandError, parseCommandArgs, UsageError } from './usage';

export const SCHEDULES_HELP = `Usage: npm run -s cli -- schedules export [FILE]
       npm run -s cli -- schedules import FILE

export  writes people's own schedules (patterns and absences) as JSON to FILE
        (or prints them): everyone with one, by name
import  validates FILE and makes it everyone's own schedule: people the file
        leaves out work the account's hours again, with no absences. An
        invalid file changes nothing and every problem is listed with its
        path, e.g. people.0.pattern.on. Each change is audited (actor "cli").

A person: { "crmUserId": "m1", "name": "Ипполит",
  "pattern": { "kind": "cycle", "on": 3, "off": 3, "start": "2026-12-01", "from": "09:00", "to": "21:00" },
  "absences": [ { "kind": "vacation", "from": "2026-12-10", "to": "2026-12-20" } ] }
A weekly pattern: { "kind": "weekly", "days": [1, 2, 3, 4, 5], "from": "10:00", "to": "19:00" }
("to" at or before "from" is an overnight shift). Absence kinds: vacation, sick, day_off.`;

/** `schedules export|import`: people's own schedules as a file an admin edits. */
export function schedulesCommand(ctx: JobContext, args: string[]): string {
  const { positionals } = parseCommandArgs(args, {}, SCHEDULES_HELP, 2);
  const [action, file] = positionals;
  const { db } = ctx.handle;
  const accountId = ctx.config.ACCOUNT_ID;
  const people = listPeople(db, accountId);
  if (action === 'export') {
    const text = `${JSON.stringify(schedulesDocument(listSchedules(db, accountId), new Map(people.map((p) => [p.crmUserId, p.name]))), null, 2)}\n`;
    if (!file) return text.trimEnd();
    writeFileSync(file, text);
    return `Schedules written to ${file}`;
  }
  if (action === 'import') {
    if (!file) throw new UsageError('schedules import needs a FILE', SCHEDULES_HELP);
    const result = validateSchedules(readJson(file), new Set(people.map((p) => p.crmUserId)));
    if (!result.ok) throw new CommandError(`${file} was not imported; the schedules are unchanged:\n${formatProblems(result.problems)}`);
    const counts = replaceSchedules(db, accountId, result.schedules, 'cli', ctx.clock.now().getTime());
    return `Schedules imported from ${file}: ${counts.patterns} own pattern(s), ${counts.absences} absence(s)`;
  }
  throw new UsageError(action ? `unknown schedules action "${action}" (expected export or import)` : 'schedules needs an action: export or import', SCHEDULES_HELP);
}

/** The file's JSON; an unreadable file or bad JSON is a CommandError naming the file. */
function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : String(error);
    throw new CommandError(`cannot read ${file}: ${reason}; the schedules are unchanged`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CommandError(`${file} is not valid JSON (${(error as Error).message}); the schedules are unchanged`);
  }
}

function formatProblems(problems: readonly SchedulesProblem[]): string {
  return problems.map((p) => `- ${p.path}: ${p.message}`).join('\n');
}
