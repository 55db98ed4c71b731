import { integer, text } from 'drizzle-orm/sqlite-core';

// Column helpers, so every table spells the shared columns the same way.

/** A CRM's own id, kept as text: amoCRM uses numbers, Bitrix24 strings. */
export const crmId = (name = 'id') => text(name);

/** An instant as epoch milliseconds, UTC. */
export const epochMs = (name: string) => integer(name);
