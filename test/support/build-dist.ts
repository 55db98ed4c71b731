import { build, staleReason } from '../../scripts/build.mjs';

/**
 * vitest's globalSetup: builds dist/ before any test file runs when it is
 * missing or older than src/ — the same check and script `npm start` uses —
 * so the process tests start the built app exactly as an operator does.
 */
export default async function setup(): Promise<void> {
  if (staleReason() !== null) await build();
}
