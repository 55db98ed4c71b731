// @ts-check
/**
 * Layering check for src/ (dependency-cruiser 17).
 *
 *   npm run lint:layers            # prints each violation with the rule it broke
 *   npx vitest run test/architecture   # the same check, run from `npm test`
 *
 * The layers are described in docs/architecture.md, section "Layers".
 * The rules below are generated from the LAYERS table: edit the table, not the
 * rules. A layer may always import its own files, Node built-ins and npm
 * packages; any other module under src/ it imports must belong to a layer in
 * its `mayImport` list.
 *
 * Paths are matched as `(?:^|/)src/...`, so the same rules apply to `src/crm/x.ts`
 * and to the test fixture tree `test/architecture/fixtures/src/crm/x.ts`.
 */

/** Single files at the top of src/ that everything may use: no state, no I/O beyond their own job. */
const BASE_FILES = [
  'clock',
  'errors',
  'logger',
  'time',
  'i18n',
  'format',
  'token-bucket',
  'config',
  'telegram-html',
  'scheduler',
  'metrics',
  'paths',
];

/** A folder under src/, e.g. src/crm/ */
const folder = (name) => `(?:^|/)src/${name}/`;
/** A single file at the top of src/, e.g. src/app.ts */
const file = (name) => `(?:^|/)src/${name}\\.ts$`;

// The layers below "jobs", from the bottom up; "jobs" may use all of them.
const BELOW_JOBS = [
  'base', 'privacy', 'calendar', 'schedules', 'crm', 'db', 'delivery', 'sync', 'norms', 'people', 'settings',
  'rules', 'kpi', 'snooze', 'findings', 'report', 'pings', 'control',
];

/**
 * The layer table. `mayImport: '*'` = anything (entry points; no rule).
 * @type {Record<string, { path: string, describe: string, mayImport: string[] | '*' }>}
 */
const LAYERS = {
  base: {
    path: `(?:^|/)src/(?:${BASE_FILES.join('|')})\\.ts$`,
    describe: `the base files (src/${BASE_FILES.join('.ts, src/')}.ts)`,
    mayImport: [],
  },
  // Pure text policy: what a chat may show of the CRM's free text.
  privacy:  { path: folder('privacy'),  describe: 'src/privacy/',  mayImport: ['base'] },
  // Pure production calendar: public holidays, bundled transfers, an account's own marks.
  calendar: { path: folder('calendar'), describe: 'src/calendar/', mayImport: ['base'] },
  // Pure personal schedules: weekly patterns, shift cycles, absences, and the working windows they make.
  schedules: { path: folder('schedules'), describe: 'src/schedules/', mayImport: ['base', 'calendar'] },
  crm:      { path: folder('crm'),      describe: 'src/crm/',      mayImport: ['base'] },
  db:       { path: folder('db'),       describe: 'src/db/',       mayImport: ['base', 'crm'] },
  delivery: { path: folder('delivery'), describe: 'src/delivery/', mayImport: ['base', 'privacy', 'db'] },
  sync:     { path: folder('sync'),     describe: 'src/sync/',     mayImport: ['base', 'crm', 'db'] },
  norms:    { path: folder('norms'),    describe: 'src/norms/',    mayImport: ['base', 'crm', 'db'] },
  people:   { path: folder('people'),   describe: 'src/people/',   mayImport: ['base', 'calendar', 'schedules', 'crm', 'db'] },
  settings: { path: folder('settings'), describe: 'src/settings/', mayImport: ['base', 'privacy', 'calendar', 'schedules', 'crm', 'db'] },
  rules:    { path: folder('rules'),    describe: 'src/rules/',    mayImport: ['base', 'calendar', 'schedules', 'crm', 'norms'] },
  // Pure funnel KPIs: per manager and per pipeline stage, from the snapshot's history for a window.
  kpi:      { path: folder('kpi'),      describe: 'src/kpi/',      mayImport: ['base', 'calendar', 'schedules', 'crm', 'norms', 'rules'] },
  // Pure snoozes: expiry parsing, which findings a snooze hides, who may do what, callback data, how one reads.
  snooze:   { path: folder('snooze'),   describe: 'src/snooze/',   mayImport: ['base', 'privacy', 'calendar', 'crm', 'rules'] },
  findings: { path: folder('findings'), describe: 'src/findings/', mayImport: ['base', 'privacy', 'crm', 'db', 'norms', 'rules', 'snooze'] },
  report:   { path: folder('report'),   describe: 'src/report/',   mayImport: ['base', 'privacy', 'calendar', 'schedules', 'crm', 'db', 'norms', 'rules', 'kpi', 'snooze', 'findings'] },
  // Pure daily control: when the morning digest and the evening check are due, what they say, the activity drop.
  control:  { path: folder('control'),  describe: 'src/control/',  mayImport: ['base', 'privacy', 'calendar', 'schedules', 'crm', 'rules'] },
  pings:    { path: folder('pings'),    describe: 'src/pings/',    mayImport: ['base', 'privacy', 'calendar', 'schedules', 'crm', 'norms', 'rules', 'snooze', 'people', 'settings'] },
  // The use-case layer: one file per use case.
  jobs:     { path: folder('jobs'),     describe: 'the use-case layer (src/jobs/)', mayImport: BELOW_JOBS },
  bot:      { path: folder('bot'),      describe: 'src/bot/',      mayImport: [...BELOW_JOBS, 'jobs'] },
  cli:      { path: folder('cli'),      describe: 'src/cli/',      mayImport: [...BELOW_JOBS, 'jobs'] },
  // The operator's side of the running process: /healthz and /metrics over HTTP.
  ops:      { path: folder('ops'),      describe: 'src/ops/',      mayImport: [...BELOW_JOBS, 'jobs'] },
  app:      { path: file('app'),        describe: 'src/app.ts',    mayImport: [...BELOW_JOBS, 'jobs', 'bot', 'ops'] },
  // Entry points: may import anything.
  'main.ts': { path: file('main'),      describe: 'src/main.ts',   mayImport: '*' },
  'cli.ts':  { path: file('cli'),       describe: 'src/cli.ts',    mayImport: '*' },
};

const DOC = 'See docs/architecture.md, "Layers".';

/** @returns {import('dependency-cruiser').IForbiddenRuleType} */
function layerRule(name) {
  const layer = LAYERS[name];
  const allowed = /** @type {string[]} */ (layer.mayImport);
  for (const other of allowed) {
    if (!LAYERS[other]) throw new Error(`.dependency-cruiser.cjs: layer "${name}" may import unknown layer "${other}"`);
  }
  const mayUse =
    allowed.length > 0
      ? `its own files and the layers ${allowed.join(', ')}`
      : 'other base files';
  return {
    name: `layer:${name}`,
    severity: 'error',
    comment:
      `Layer "${name}" = ${layer.describe}. It may import only ${mayUse} ` +
      `(Node built-ins and npm packages are always fine). ${DOC}`,
    from: { path: layer.path },
    to: {
      path: '(?:^|/)src/',
      pathNot: [
        layer.path,
        ...allowed.map((other) => LAYERS[other].path),
        '(?:^|/)node_modules/',
      ],
    },
  };
}

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...Object.keys(LAYERS)
      .filter((name) => LAYERS[name].mayImport !== '*')
      .map(layerRule),
    {
      name: 'not-in-a-layer',
      severity: 'error',
      comment:
        'This module under src/ belongs to no layer. Add its folder or file to the LAYERS ' +
        `table in .dependency-cruiser.cjs. ${DOC}`,
      from: {
        path: '(?:^|/)src/',
        pathNot: Object.values(LAYERS).map((layer) => layer.path),
      },
      to: {},
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'This import closes a cycle (type-only imports count too). Move the shared part ' +
        `down a layer or invert the dependency. ${DOC}`,
      from: {},
      to: { circular: true },
    },
    {
      name: 'src-not-to-test',
      severity: 'error',
      comment: `Code under src/ must not import from test/ (fixtures, fakes, harnesses). ${DOC}`,
      from: { path: '^src/' },
      to: { path: '^test/' },
    },
  ],
  options: {
    // src/ for the real cruise; test/ so that src -> test imports stay in the
    // graph (and the src-not-to-test rule can see them), and so the fixture tree
    // under test/architecture/fixtures/ can be cruised with these same rules.
    includeOnly: '^(?:src|test)/',
    doNotFollow: { path: 'node_modules' },
    // Count type-only imports (`import type`) too: they are layering too.
    tsPreCompilationDeps: true,
    // Resolve extension-less imports the way tsc does.
    tsConfig: { fileName: 'tsconfig.json' },
    moduleSystems: ['es6', 'cjs'],
  },
};
