/**
 * The layering check: cruises src/ with dependency-cruiser and the rules in
 * .dependency-cruiser.cjs (the same ones `npm run lint:layers` uses), and shows
 * on a small fixture tree that those rules do catch a broken layer.
 * The layers are described in docs/architecture.md, "Layers".
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { cruise, type ICruiseOptions, type ICruiseResult, type IViolation } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CONFIG_FILE = join(ROOT, '.dependency-cruiser.cjs');
const TS_CONFIG_FILE = join(ROOT, 'tsconfig.json');
const FIXTURES = join(ROOT, 'test/architecture/fixtures');
const FIXTURE_SRC = 'test/architecture/fixtures/src';

// A cruise of src/ takes a few seconds; leave room for slow CI machines.
const TIMEOUT_MS = 60_000;

/** Cruises `paths` (relative to `baseDir`) with the rules of .dependency-cruiser.cjs. */
async function cruiseWithProjectRules(paths: string[], baseDir = ROOT) {
  const options: ICruiseOptions = {
    ...(await extractDepcruiseOptions(CONFIG_FILE)),
    baseDir,
    // Absolute, so the cruise does not depend on the current directory.
    tsConfig: { fileName: TS_CONFIG_FILE },
  };
  const { output } = await cruise(paths, options, {}, { tsConfig: extractTSConfig(TS_CONFIG_FILE) });
  if (typeof output === 'string') throw new Error(`expected a cruise result object, got: ${output}`);
  return { result: output, rules: options.ruleSet?.forbidden ?? [] };
}

/** `rule-name: from → to` and the rule's comment, one violation per entry. */
function describeViolations(result: ICruiseResult, rules: { name?: string; comment?: string }[]): string[] {
  const comments = new Map(rules.map((rule) => [rule.name, rule.comment]));
  return result.summary.violations.map((violation: IViolation) => {
    const cycle = violation.cycle?.length
      ? ` (cycle: ${[violation.from, ...violation.cycle.map((step) => step.name)].join(' → ')})`
      : '';
    const comment = comments.get(violation.rule.name) ?? '';
    return `${violation.rule.name}: ${violation.from} → ${violation.to}${cycle}\n    ${comment}`;
  });
}

function ruleAndEdge(violation: IViolation): string {
  return `${violation.rule.name}: ${violation.from} → ${violation.to}`;
}

function tsFilesUnder(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => `${dir}/${file.split('\\').join('/')}`)
    .sort();
}

describe('layering (dependency-cruiser, .dependency-cruiser.cjs)', () => {
  it(
    'src/ breaks no layering rule',
    async () => {
      const { result, rules } = await cruiseWithProjectRules(['src']);

      // The check is only as good as the graph: every file under src/ was read
      // and every import between them resolved (extension-less, via tsconfig).
      const cruised = result.modules.map((module) => module.source).filter((source) => source.startsWith('src/'));
      expect(cruised.sort()).toEqual(tsFilesUnder('src'));
      const unresolved = result.modules.flatMap((module) =>
        module.dependencies
          .filter((dependency) => dependency.couldNotResolve)
          .map((dependency) => `${module.source} → ${dependency.module}`),
      );
      expect(unresolved, 'imports dependency-cruiser could not resolve').toEqual([]);

      const violations = describeViolations(result, rules);
      expect(
        violations.length,
        `${violations.length} layering violation(s); see .dependency-cruiser.cjs and docs/architecture.md, "Layers":\n` +
          violations.join('\n'),
      ).toBe(0);
    },
    TIMEOUT_MS,
  );

  it(
    'fixture: crm importing db breaks layer:crm; db importing crm (type-only) is allowed',
    async () => {
      const { result } = await cruiseWithProjectRules([FIXTURE_SRC]);

      expect(result.summary.violations.map(ruleAndEdge)).toEqual([
        `layer:crm: ${FIXTURE_SRC}/crm/leak.ts → ${FIXTURE_SRC}/db/store.ts`,
      ]);

      // The allowed import is in the graph (so "no violation" is not vacuous),
      // type-only as it is, and no rule flags it.
      const store = result.modules.find((module) => module.source === `${FIXTURE_SRC}/db/store.ts`);
      const toModel = store?.dependencies.find((dependency) => dependency.resolved === `${FIXTURE_SRC}/crm/model.ts`);
      expect(toModel?.dependencyTypes).toContain('type-only');
      expect(toModel?.valid).toBe(true);
    },
    TIMEOUT_MS,
  );

  it(
    'fixture: src importing test/ breaks src-not-to-test',
    async () => {
      // With the fixture folder as base directory its files are src/… and test/…
      const { result } = await cruiseWithProjectRules(['src'], FIXTURES);

      expect(result.summary.violations.map(ruleAndEdge).sort()).toEqual([
        'layer:crm: src/crm/leak.ts → src/db/store.ts',
        'src-not-to-test: src/sync/uses-test-fake.ts → test/fake.ts',
      ]);
    },
    TIMEOUT_MS,
  );
});
