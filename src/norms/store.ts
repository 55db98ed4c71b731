import { eq } from 'drizzle-orm';
import type { EpochMs } from '../crm/model';
import type { Db } from '../db/client';
import { norms as normsTable } from '../db/schema';
import { defaultNorms } from './defaults';
import type { Norms } from './schema';
import { InvalidNormsError, validateNorms } from './validate';
import { recordAudit } from '../db/audit';

/**
 * The account's norms: the stored document, or the defaults for the account's
 * timezone when none was saved yet. A stored document that no longer
 * validates (say, after a schema change) is an error, not a silent reset.
 */
export function loadNorms(db: Db, accountId: string, timezone: string): Norms {
  const row = db.select().from(normsTable).where(eq(normsTable.accountId, accountId)).get();
  const defaults = defaultNorms(timezone);
  if (!row) return defaults;
  const result = validateNorms(row.document, defaults);
  if (!result.ok) {
    throw new InvalidNormsError(accountId, result.problems);
  }
  return result.norms;
}

/** Saves a validated norms document as the account's norms. */
export function saveNorms(db: Db, accountId: string, norms: Norms, at: EpochMs): void {
  db.insert(normsTable)
    .values({ accountId, document: norms, updatedAt: at })
    .onConflictDoUpdate({ target: normsTable.accountId, set: { document: norms, updatedAt: at } })
    .run();
}

/** Saves norms changed by someone, with an audit entry of the change, in one transaction. */
export function saveNormsChange(
  db: Db,
  accountId: string,
  change: { norms: Norms; actor: string; what: string; before: unknown; after: unknown },
  at: EpochMs,
): void {
  db.transaction((tx) => {
    saveNorms(tx, accountId, change.norms, at);
    recordAudit(tx, { accountId, actor: change.actor, action: 'norms.changed', subject: change.what, before: change.before, after: change.after, at });
  }, { behavior: 'immediate' });
}
