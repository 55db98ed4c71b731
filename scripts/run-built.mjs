// `npm start` and `npm run cli`: runs the built app — dist/main.js or
// dist/cli.js, in this same process (signals reach it directly) — building it
// first when dist/ is missing or older than the sources it was built from.
// In production dist/ is built once (`npm run build`) and esbuild may be
// pruned away; during development `npm run dev` runs src/ through tsx.
import { DIST, build, staleReason } from './build.mjs';

const ENTRY_POINTS = ['main', 'cli'];
const entry = process.argv[2];
if (!ENTRY_POINTS.includes(entry)) {
  process.stderr.write(`usage: node scripts/run-built.mjs ${ENTRY_POINTS.join('|')} [arguments]\n`);
  process.exit(2);
}
// The entry point reads its own arguments from process.argv.slice(2), as if started as `node dist/<entry>.js …`.
process.argv.splice(2, 1);

const reason = staleReason();
if (reason !== null) {
  try {
    await import('esbuild');
  } catch {
    process.stderr.write(
      `crm-qc-bot: ${reason}, and the build tool (esbuild) is not installed here (installed with --omit=dev?).\n` +
        'Build where the dev dependencies are: `npm ci && npm run build`, then `npm prune --omit=dev` if you want them gone.\n',
    );
    process.exit(1);
  }
  process.stderr.write(`crm-qc-bot: ${reason}; building dist/ first…\n`);
  await build();
}
await import(`${DIST}${entry}.js`);
