import { fileURLToPath } from 'node:url';

/**
 * Where the files the code reads at run time live: translations, fonts (in
 * assets/) and the database migrations (in drizzle/). They are found from this
 * module's own URL, one level below the project's root either way: it is
 * src/paths.ts when run from source (tsx, vitest), and inside a bundle in
 * dist/ once built (`npm run build`, scripts/build.mjs). A module deeper in
 * src/ must not resolve such paths itself, or the built app would look beside
 * the project instead of in it.
 */
const ROOT = new URL('../', import.meta.url);

export const ASSETS_DIR = fileURLToPath(new URL('assets/', ROOT));
export const MIGRATIONS_DIR = fileURLToPath(new URL('drizzle/', ROOT));
