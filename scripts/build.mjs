// `npm run build`: compiles src/ into dist/ with esbuild — one ESM bundle per
// entry point (dist/main.js, dist/cli.js) plus the chunks they share, every
// npm package left as an import (node_modules stays as npm installed it: the
// native better-sqlite3 and canvas cannot be bundled). Types are checked by
// `npm run typecheck`, not here: the build must work where only the runtime
// and esbuild are installed.
//
// The chunks land directly in dist/, one level below the project's root, as
// src/*.ts are: src/paths.ts finds assets/ and drizzle/ from there.
import { rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));
export const DIST = `${ROOT}dist/`;
export const ENTRIES = ['src/main.ts', 'src/cli.ts'];

/** Builds dist/ from scratch; resolves once it is written whole. */
export async function build() {
  const { build: esbuild } = await import('esbuild');
  rmSync(DIST, { recursive: true, force: true });
  const result = await esbuild({
    absWorkingDir: ROOT,
    entryPoints: ENTRIES,
    outdir: DIST,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    metafile: true,
    logLevel: 'warning',
  });
  // The sources the bundle was made of: scripts/run-built.mjs rebuilds when one of them is newer than dist/.
  writeFileSync(`${DIST}inputs.json`, JSON.stringify(Object.keys(result.metafile.inputs).filter((p) => !p.includes('node_modules/'))));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  await build();
  process.stderr.write(`Built dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}
