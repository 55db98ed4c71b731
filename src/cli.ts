import { systemClock } from './clock';
import { runCli } from './cli/run';
import { environment } from './config';

/**
 * One-shot commands for operators and acceptance checks:
 * `npm run -s cli -- <command> [options]` (see src/cli/run.ts).
 */
process.exitCode = await runCli(process.argv.slice(2), environment(), process, systemClock);
