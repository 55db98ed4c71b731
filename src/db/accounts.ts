import { sql } from 'drizzle-orm';
import type { CrmKind, EpochMs } from '../crm/model';
import type { Db } from './client';
import { accounts } from './schema';

export interface AccountSpec {
  id: string;
  name: string;
  crm: CrmKind;
}

/** Makes sure the account row exists and names the CRM it is configured with now. */
export function ensureAccount(db: Db, spec: AccountSpec, at: EpochMs): void {
  db.insert(accounts)
    .values({ ...spec, createdAt: at })
    .onConflictDoUpdate({ target: accounts.id, set: { name: spec.name, crm: sql`excluded.crm` } })
    .run();
}
