import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DIST, ROOT, staleReason } from '../../scripts/build.mjs';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };

/** `drizzle-orm/better-sqlite3` → drizzle-orm, `@grammyjs/runner` → @grammyjs/runner. */
const packageOf = (specifier: string) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');

describe('the built app (dist/, built by the suite’s globalSetup as `npm run build` does)', () => {
  it('imports only Node built-ins and packages in `dependencies`, so `npm ci --omit=dev` is enough to run it', () => {
    const imports = JSON.parse(readFileSync(join(DIST, 'imports.json'), 'utf8')) as string[];
    expect(imports).toContain('better-sqlite3');
    const builtins = new Set(builtinModules);
    const missing = imports.filter((specifier) => !specifier.startsWith('node:') && !builtins.has(specifier) && !(packageOf(specifier) in pkg.dependencies));
    expect(missing, 'imported at run time but not in dependencies').toEqual([]);
  });

  it('the chart renderer and the compiler are where production installs need them', () => {
    expect(pkg.dependencies).toHaveProperty('canvas');
    expect(pkg.dependencies).toHaveProperty('chartjs-node-canvas');
    for (const tool of ['tsx', 'esbuild', 'typescript', 'vitest']) expect(pkg.devDependencies, tool).toHaveProperty(tool);
  });
});

describe('staleReason: whether `npm start` must build first', () => {
  let root: string;
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  /** A project with src/a.ts and src/b.ts, built (or not) at `builtAt` seconds. */
  function project(options: { built: boolean; builtAt?: number; sourcesAt?: number }) {
    root = `${mkdtempSync(join(tmpdir(), 'crm-qc-build-'))}/`;
    mkdirSync(join(root, 'src'));
    for (const name of ['a.ts', 'b.ts']) {
      writeFileSync(join(root, 'src', name), '');
      utimesSync(join(root, 'src', name), options.sourcesAt ?? 1_000, options.sourcesAt ?? 1_000);
    }
    if (!options.built) return;
    mkdirSync(join(root, 'dist'));
    for (const name of ['main.js', 'cli.js']) writeFileSync(join(root, 'dist', name), '');
    writeFileSync(join(root, 'dist', 'inputs.json'), JSON.stringify(['src/a.ts', 'src/b.ts']));
    utimesSync(join(root, 'dist', 'inputs.json'), options.builtAt ?? 2_000, options.builtAt ?? 2_000);
  }

  it('no dist/ → build', () => {
    project({ built: false });
    expect(staleReason(root)).toBe('dist/ is missing');
  });

  it('dist/ newer than every source → run it as it is', () => {
    project({ built: true, builtAt: 2_000, sourcesAt: 1_000 });
    expect(staleReason(root)).toBeNull();
  });

  it('a source changed after the build → build, naming it', () => {
    project({ built: true, builtAt: 2_000, sourcesAt: 1_000 });
    utimesSync(join(root, 'src', 'b.ts'), 3_000, 3_000);
    expect(staleReason(root)).toBe('dist/ is older than src/b.ts');
  });

  it('a source the build read is gone → build', () => {
    project({ built: true, builtAt: 2_000, sourcesAt: 1_000 });
    rmSync(join(root, 'src', 'a.ts'));
    expect(staleReason(root)).toBe('dist/ is older than src/a.ts');
  });

  it('half a dist/ (an entry point missing) → build', () => {
    project({ built: true });
    rmSync(join(root, 'dist', 'cli.js'));
    expect(staleReason(root)).toBe('dist/ is missing');
  });

  it('no src/ at all (a container holds only dist/) → run dist/ as it is', () => {
    project({ built: true, builtAt: 2_000, sourcesAt: 3_000 });
    rmSync(join(root, 'src'), { recursive: true });
    expect(staleReason(root)).toBeNull();
  });
});
