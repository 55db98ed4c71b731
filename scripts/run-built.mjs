// `npm start` and `npm run cli`: runs the built app — dist/main.js or
// dist/cli.js, in this same process (signals reach it directly) — building it
// first when dist/ is missing or older than the sources it was built from.
// In production dist/ is built once (`npm run build`) and esbuild may be
// pruned away; during development `npm run dev` runs src/ through tsx.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { DIST, ROOT, build } from './build.mjs';

const ENTRY_POINTS = ['main', 'cli'];
const entry = process.argv[2];
if (!ENTRY_POINTS.includes(entry)) {
  process.stderr.write(`usage: node scripts/run-built.mjs ${ENTRY_POINTS.join('|')} [arguments]\n`);
  process.exit(2);
}
// The entry point reads its own arguments from process.argv.slice(2), as if started as `node dist/<entry>.js …`.
process.argv.splice(2, 1);

if (staleReason() !== null) {
  const reason = staleReason();
  try {
    await import('esbuild');
  } catch {
    process.stderr.write(
      `crm-qc-bot: ${reason}, and the build tool (esbuild) is not installed here (was it installed with --omit=dev?).\n` +
        'Build where the dev dependencies are: `npm ci && npm run build`, then `npm prune --omit=dev` if you want them gone.\n',
    );
    process.exit(1);
  }
  process.stderr.write(`crm-qc-bot: ${reason}; building dist/ first…\n`);
  await build();
}
await import(`${DIST}${entry}.js`);

/** Why dist/ must be built again, or null when it is up to date (or there are no sources to compare with, as in a container). */
function staleReason() {
  const inputsFile = `${DIST}inputs.json`;
  if (!existsSync(`${DIST}main.js`) || !existsSync(`${DIST}cli.js`) || !existsSync(inputsFile)) return 'dist/ is missing';
  if (!existsSync(`${ROOT}src`)) return null;
  const builtAt = statSync(inputsFile).mtimeMs;
  const inputs = JSON.parse(readFileSync(inputsFile, 'utf8'));
  const changed = inputs.find((path) => !existsSync(`${ROOT}${path}`) || statSync(`${ROOT}${path}`).mtimeMs > builtAt);
  return changed === undefined ? null : `dist/ is older than ${changed}`;
}
