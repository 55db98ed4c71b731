// `npm run build`: compiles src/ into dist/ with esbuild — one ESM bundle per
// entry point (dist/main.js, dist/cli.js) plus the chunks they share, every
// npm package left as an import (node_modules stays as npm installed it: the
// native better-sqlite3 and canvas cannot be bundled). Types are checked by
// `npm run typecheck`, not here: the build must work where only the runtime
// and esbuild are installed.
//
// The chunks land directly in dist/, one level below the project's root, as
// src/*.ts are: src/paths.ts finds assets/ and drizzle/ from there.
import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));
export const DIST = `${ROOT}dist/`;
export const ENTRIES = ['src/main.ts', 'src/cli.ts'];
/** The sources dist/ was built from (esbuild's own list), written last: its time is the build's. */
const INPUTS = 'inputs.json';

/**
 * Builds dist/ from scratch into a folder beside it, then swaps it in: a
 * process starting meanwhile (a test run, `npm start`) finds the old dist/ or
 * the new one, never half of one.
 */
export async function build(root = ROOT) {
  const { build: esbuild } = await import('esbuild');
  const dist = `${root}dist/`;
  const next = `${root}dist.next-${process.pid}/`;
  const old = `${root}dist.old-${process.pid}/`;
  rmSync(next, { recursive: true, force: true });
  try {
    const result = await esbuild({
      absWorkingDir: root,
      entryPoints: ENTRIES,
      outdir: next,
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
    writeFileSync(`${next}${INPUTS}`, JSON.stringify(Object.keys(result.metafile.inputs).filter((path) => !path.includes('node_modules/'))));
    writeFileSync(`${next}imports.json`, JSON.stringify(externalImports(result.metafile)));
    if (existsSync(dist)) renameSync(dist, old);
    renameSync(next, dist);
  } finally {
    rmSync(next, { recursive: true, force: true });
    rmSync(old, { recursive: true, force: true });
  }
}

/**
 * Why dist/ must be built (again), or null when it is up to date: missing, or
 * a source it was built from changed or is gone since. Without src/ (a
 * container holds only dist/) there is nothing to compare, and dist/ is taken as it is.
 */
export function staleReason(root = ROOT) {
  const dist = `${root}dist/`;
  if (!existsSync(`${dist}main.js`) || !existsSync(`${dist}cli.js`) || !existsSync(`${dist}${INPUTS}`)) return 'dist/ is missing';
  if (!existsSync(`${root}src`)) return null;
  const builtAt = statSync(`${dist}${INPUTS}`).mtimeMs;
  const inputs = JSON.parse(readFileSync(`${dist}${INPUTS}`, 'utf8'));
  const changed = inputs.find((path) => !existsSync(`${root}${path}`) || statSync(`${root}${path}`).mtimeMs > builtAt);
  return changed === undefined ? null : `dist/ is older than ${changed}`;
}

/** The npm packages and Node built-ins the bundle imports at run time (a test holds them to `dependencies`). */
function externalImports(metafile) {
  const paths = new Set();
  for (const output of Object.values(metafile.outputs)) for (const entry of output.imports) if (entry.external) paths.add(entry.path);
  return [...paths].sort();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  await build();
  process.stderr.write(`Built dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}
