import type Database from 'better-sqlite3';
import { readMigrationFiles } from 'drizzle-orm/migrator';

/** The table drizzle-orm's migrator keeps applied migrations in: the same, so existing databases carry on. */
const APPLIED = '__drizzle_migrations';

/**
 * Applies the migrations in `folder` that the database has not had yet, all
 * in one IMMEDIATE transaction that also reads which were applied. drizzle's
 * own migrator reads that before its (deferred) transaction begins, so two
 * processes opening a new file at once (the bot and a CLI sync) both ran the
 * first migration and one failed with "table already exists".
 */
export function applyMigrations(sqlite: Database.Database, folder: string): void {
  const migrations = readMigrationFiles({ migrationsFolder: folder });
  sqlite
    .transaction(() => {
      sqlite.exec(`CREATE TABLE IF NOT EXISTS ${APPLIED} (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at numeric)`);
      const last = sqlite.prepare(`SELECT created_at FROM ${APPLIED} ORDER BY created_at DESC LIMIT 1`).pluck().get() as number | string | undefined;
      const record = sqlite.prepare(`INSERT INTO ${APPLIED} (hash, created_at) VALUES (?, ?)`);
      for (const migration of migrations) {
        if (last !== undefined && Number(last) >= migration.folderMillis) continue;
        for (const statement of migration.sql) sqlite.exec(statement);
        record.run(migration.hash, migration.folderMillis);
      }
    })
    .immediate();
}
