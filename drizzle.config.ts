import { defineConfig } from 'drizzle-kit';

// Migrations are generated from the schema (`npm run db:generate -- --name <what>`)
// and applied by openDatabase (src/db/client.ts) each time the database is opened,
// in one IMMEDIATE transaction (src/db/migrate.ts); never edit drizzle/ by hand.
export default defineConfig({
  dialect: 'sqlite',
  schema: './src/db/schema.ts',
  out: './drizzle',
});
