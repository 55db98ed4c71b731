import type { VersionedStateStorage } from '@grammyjs/conversations';
import { eq } from 'drizzle-orm';
import type { Clock } from '../../clock';
import type { Db } from '../../db/client';
import { conversationState } from '../../db/schema';

/**
 * Conversation state in SQLite, so a restart in the middle of /setnorm is
 * survived: the next answer resumes where the admin was.
 */
export function sqliteConversationStorage<S>(db: Db, clock: Clock): VersionedStateStorage<string, S> {
  type Stored = Parameters<VersionedStateStorage<string, S>['write']>[1];
  return {
    read(key) {
      return db.select().from(conversationState).where(eq(conversationState.key, key)).get()?.state as Stored | undefined;
    },
    write(key, state) {
      const row = { key, state, updatedAt: clock.now().getTime() };
      db.insert(conversationState).values(row).onConflictDoUpdate({ target: conversationState.key, set: row }).run();
    },
    delete(key) {
      db.delete(conversationState).where(eq(conversationState.key, key)).run();
    },
  };
}
