import type { Clock } from '../clock';
import { ConfigError, parseConfig } from '../config';
import { openDatabase } from '../db/client';
import { describeError } from '../errors';
import { prepareAccount, type JobContext } from '../jobs/context';
import { createLogger } from '../logger';
import { SyncBusyError } from '../sync/lease';
import { AMOCRM_HELP, amocrmCommand } from './amocrm';
import { BACKUP_HELP, backupCommand } from './backup';
import { BITRIX24_HELP, bitrix24Command } from './bitrix24';
import { FINDINGS_HELP, findingsCommand } from './findings';
import { KPIS_HELP, kpisCommand } from './kpis';
import { EXPORT_HELP, exportCommand } from './export';
import { NORMS_HELP, normsCommand } from './norms';
import { PRUNE_HELP, pruneCommand } from './prune';
import { PURGE_HELP, purgeCommand } from './purge';
import { REPORT_HELP, reportCommand } from './report';
import { RESTORE_HELP, restoreCommand } from './restore';
import { SCHEDULES_HELP, schedulesCommand } from './schedules';
import { SYNC_HELP, syncCommand } from './sync';
import { CommandError, UsageError, type FileCommandContext } from './usage';

/** Where a command's output goes: the process's streams, or a test's buffers. */
export interface CliOutput {
  stdout: { write(text: string): unknown };
  /** `isTTY`: a terminal, where a long command may rewrite a progress line in place (`process.stderr` has it as is). */
  stderr: { write(text: string): unknown; isTTY?: boolean };
}

/** A command: most run on the opened (and migrated) database; `backup` and `restore` handle the file themselves. */
type Command =
  | { help: string; run: (ctx: JobContext, args: string[], io: CliOutput) => string | Promise<string> }
  | { help: string; runOnFile: (ctx: FileCommandContext, args: string[]) => string | Promise<string> };

const COMMANDS: Record<string, Command> = {
  sync: { help: SYNC_HELP, run: syncCommand },
  findings: { help: FINDINGS_HELP, run: findingsCommand },
  kpis: { help: KPIS_HELP, run: kpisCommand },
  export: { help: EXPORT_HELP, run: exportCommand },
  report: { help: REPORT_HELP, run: reportCommand },
  norms: { help: NORMS_HELP, run: normsCommand },
  schedules: { help: SCHEDULES_HELP, run: schedulesCommand },
  amocrm: { help: AMOCRM_HELP, run: amocrmCommand },
  bitrix24: { help: BITRIX24_HELP, run: bitrix24Command },
  prune: { help: PRUNE_HELP, run: pruneCommand },
  purge: { help: PURGE_HELP, run: purgeCommand },
  backup: { help: BACKUP_HELP, runOnFile: backupCommand },
  restore: { help: RESTORE_HELP, runOnFile: restoreCommand },
};

const MAIN_HELP = `crm-qc-bot command line

Usage: npm run -s cli -- <command> [options]

Commands:
  sync                          pull the CRM into the database
  findings [--at ISO] [--json]  findings open at an instant
  kpis [--from ISO] [--to ISO] [--json]  the funnel's KPIs for a window (default: last 7 days)
  export FILE [--at ISO]        open findings and KPIs as an XLSX workbook
  report [--at ISO] [--out DIR] write the weekly report (HTML + PNG charts)
  norms export [FILE]           print or save the norms as JSON
  norms import FILE             validate and apply a norms file
  schedules export [FILE]       print or save people's own schedules as JSON
  schedules import FILE         validate and apply a schedules file
  amocrm auth-url | auth CODE   connect amoCRM through OAuth
  bitrix24 auth-url | auth CODE connect Bitrix24 through OAuth
  prune                         delete what is older than RETENTION_DAYS now
  purge --yes                   erase everything held for ACCOUNT_ID
  backup FILE                   copy the database to FILE, safe while the bot runs
  restore FILE                  replace the database with a backup (stop the bot first)

Run "npm run -s cli -- <command> --help" for a command's options.
Configuration comes from the environment and .env (see .env.example).`;

/**
 * Runs one command: stdout gets the result, stderr the problem. Returns the
 * exit code: 0 success, 1 failure, 2 bad arguments.
 */
export async function runCli(argv: string[], env: Record<string, string | undefined>, io: CliOutput, clock: Clock): Promise<number> {
  const print = (text: string, code: number) => {
    io.stdout.write(`${text}\n`);
    return code;
  };
  const fail = (text: string, code: number) => {
    io.stderr.write(`${text}\n`);
    return code;
  };
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') return print(MAIN_HELP, 0);
  const command = COMMANDS[name];
  if (!command) return fail(`Unknown command "${name}".\n\n${MAIN_HELP}`, 2);
  if (args.includes('--help') || args.includes('-h')) return print(command.help, 0);
  let handle;
  try {
    const config = parseConfig(env);
    // Commands print their own summary; at the default level only warnings would add to it.
    const logger = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
    if ('runOnFile' in command) return print(await command.runOnFile({ config, clock, logger }, args), 0);
    handle = openDatabase(config.DATABASE_PATH);
    const ctx: JobContext = { config, handle, clock, logger };
    prepareAccount(ctx);
    return print(await command.run(ctx, args, io), 0);
  } catch (error) {
    if (error instanceof UsageError) return fail(`${error.message}\n\n${error.help}`, 2);
    if (error instanceof ConfigError || error instanceof CommandError) return fail(error.message, 1);
    if (error instanceof SyncBusyError) return fail(`${name}: ${error.message}`, 1);
    return fail(`${name} failed: ${describeError(error)}`, 1);
  } finally {
    handle?.close();
  }
}
