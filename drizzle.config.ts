import { defineConfig } from 'drizzle-kit';

// Migrations are generated from the schema (`npm run db:generate -- --name <what>`)
// and applied by src/db/migrate.ts at start-up; never edit drizzle/ by hand.
export default defineConfig({
  dialect: 'sqlite',
  schema: './src/db/schema.ts',
  out: './drizzle',
});
