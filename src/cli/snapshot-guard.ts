import { hasSnapshot } from '../jobs/account-snapshot';
import type { JobContext } from '../jobs/context';
import { CommandError } from './usage';

/** Findings and reports need a snapshot: say how to get one instead of reporting an empty account. */
export function requireSnapshot(ctx: JobContext): void {
  if (!hasSnapshot(ctx)) {
    throw new CommandError(`There is no CRM snapshot in ${ctx.config.DATABASE_PATH} yet. Run "npm run -s cli -- sync" first.`);
  }
}
