import { eq } from 'drizzle-orm';
import type { TokenStore } from '../crm/http/oauth-tokens';
import type { Db } from './client';
import { crmTokens } from './schema';

/** An account's OAuth pair kept in crm_tokens: the TokenStore the CRM clients are given. */
export function crmTokenStore(db: Db, accountId: string): TokenStore {
  return {
    load: () => db.select().from(crmTokens).where(eq(crmTokens.accountId, accountId)).get(),
    save(pair, at) {
      const row = { accountId, accessToken: pair.accessToken, refreshToken: pair.refreshToken, expiresAt: at + pair.expiresInSeconds * 1000, updatedAt: at };
      db.insert(crmTokens).values(row).onConflictDoUpdate({ target: crmTokens.accountId, set: row }).run();
      return { expiresAt: row.expiresAt };
    },
  };
}
