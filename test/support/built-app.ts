import { join } from 'node:path';

/**
 * The built app as `npm start` and `npm run cli` run it (scripts/run-built.mjs
 * with node's flags from package.json), for tests that start real processes.
 * dist/ is built once per test run by vitest's globalSetup (test/support/build-dist.ts).
 */
export const NODE = process.execPath;
const RUN_BUILT = join('scripts', 'run-built.mjs');

/** The arguments after `node` for `npm start` (entry `main`) or `npm run cli -- …` (entry `cli`). */
export function builtArgs(entry: 'main' | 'cli', ...args: string[]): string[] {
  return ['--enable-source-maps', RUN_BUILT, entry, ...args];
}
