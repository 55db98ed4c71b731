import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultNorms } from '../src/norms/defaults';
import { parseLadder } from '../src/norms/edit';
import { normsToJson, readNormsFile } from '../src/norms/file';
import { DEFAULT_LADDER, legacyLadder } from '../src/norms/ladder';
import { formatProblems, validateNorms, type NormsResult } from '../src/norms/validate';
import { cliHarness } from './support/cli-harness';

const base = defaultNorms('Europe/Moscow');
const withLadder = (escalation: unknown) => ({ rules: { task_overdue: { escalation } } });

function ladderOf(result: NormsResult) {
  if (!result.ok) throw new Error(`expected valid norms, got:\n${formatProblems(result.problems)}`);
  return result.norms.rules.task_overdue.escalation;
}

describe('the escalation ladder in the norms document', () => {
  it('defaults to today\'s pings: manager and supervisor at once, the supervisor again after 2 h', () => {
    expect(base.rules.task_overdue.escalation).toEqual([
      { afterMinutes: 0, to: 'manager' },
      { afterMinutes: 0, to: 'supervisor' },
      { afterMinutes: 120, to: 'supervisor' },
    ]);
  });

  it('a document written before the ladder (escalateAfterMinutes) loads as the ladder it meant', () => {
    expect(ladderOf(validateNorms({ rules: { task_overdue: { escalateAfterMinutes: 90, graceMinutes: 5 } } }, base))).toEqual(legacyLadder(90));
    // Beyond the ladder's 30 days an old number is taken as 30 days: an old document must load.
    expect(ladderOf(validateNorms({ rules: { task_overdue: { escalateAfterMinutes: 100_000 } } }, base)).at(-1)).toEqual({ afterMinutes: 43_200, to: 'supervisor' });
    // A whole exported document of the old shape too.
    const old = JSON.parse(normsToJson(base)) as { rules: { task_overdue: Record<string, unknown> } };
    delete old.rules.task_overdue.escalation;
    old.rules.task_overdue.escalateAfterMinutes = 120;
    expect(ladderOf(validateNorms(old, base))).toEqual(DEFAULT_LADDER);
  });

  it('a ladder round-trips through the file', () => {
    const ladder = [
      { afterMinutes: 0, to: 'manager' },
      { afterMinutes: 60, to: 'supervisor' },
      { afterMinutes: 60, to: 'supervisors_chat' },
      { afterMinutes: 1440, to: 'report_chat' },
    ];
    const norms = validateNorms(withLadder(ladder), base);
    expect(ladderOf(norms)).toEqual(ladder);
    if (norms.ok) expect(ladderOf(validateNorms(JSON.parse(normsToJson(norms.norms)), base))).toEqual(ladder);
  });

  it.each<[string, unknown, string, string]>([
    ['no steps', withLadder([]), 'rules.task_overdue.escalation', 'at least one step'],
    ['seven steps', withLadder([0, 1, 2, 3, 4, 5, 6].map((n) => ({ afterMinutes: n, to: 'manager' }))), 'rules.task_overdue.escalation', 'at most 6 steps'],
    ['steps out of order', withLadder([{ afterMinutes: 60, to: 'supervisor' }, { afterMinutes: 0, to: 'manager' }]), 'rules.task_overdue.escalation.1', 'order of afterMinutes'],
    ['a step twice', withLadder([{ afterMinutes: 0, to: 'manager' }, { afterMinutes: 0, to: 'manager' }]), 'rules.task_overdue.escalation.1', 'listed twice'],
    ['a step after 30 days', withLadder([{ afterMinutes: 43_201, to: 'manager' }]), 'rules.task_overdue.escalation.0.afterMinutes', 'at most 43200 minutes (30 days)'],
    ['negative minutes', withLadder([{ afterMinutes: -1, to: 'manager' }]), 'rules.task_overdue.escalation.0.afterMinutes', '>=0'],
    ['fractional minutes', withLadder([{ afterMinutes: 1.5, to: 'manager' }]), 'rules.task_overdue.escalation.0.afterMinutes', 'int'],
    ['an unknown recipient', withLadder([{ afterMinutes: 0, to: 'boss' }]), 'rules.task_overdue.escalation.0.to', 'expected one of "manager", "supervisor", "supervisors_chat", "report_chat"'],
    ['a misspelt field', withLadder([{ afterMinutes: 0, to: 'manager', whom: 'x' }]), 'rules.task_overdue.escalation.0.whom', 'unknown key'],
    ['not a list', withLadder({ afterMinutes: 0, to: 'manager' }), 'rules.task_overdue.escalation', 'expected array'],
    ['both the old number and the ladder', { rules: { task_overdue: { escalateAfterMinutes: 60, escalation: DEFAULT_LADDER } } }, 'rules.task_overdue.escalateAfterMinutes', 'give the ladder alone'],
    ['an old number that is no number', { rules: { task_overdue: { escalateAfterMinutes: '2h' } } }, 'rules.task_overdue.escalateAfterMinutes', 'whole number of minutes above 0'],
    ['an old number of 0', { rules: { task_overdue: { escalateAfterMinutes: 0 } } }, 'rules.task_overdue.escalateAfterMinutes', 'whole number of minutes above 0'],
  ])('refuses %s, at its exact path', (_, input, path, message) => {
    const result = validateNorms(input, base);
    expect(result.ok ? [] : result.problems).toEqual([{ path, message: expect.stringContaining(message) }]);
  });
});

describe('the ladder as typed', () => {
  it.each<[string, unknown]>([
    ['0 manager, 0 supervisor, 2h supervisor, 1d report_chat', [{ afterMinutes: 0, to: 'manager' }, { afterMinutes: 0, to: 'supervisor' }, { afterMinutes: 120, to: 'supervisor' }, { afterMinutes: 1440, to: 'report_chat' }]],
    ['сразу менеджеру; через 30мин руководителю\n2 ч в чат руководителей, 1,5д чат отчёта', [{ afterMinutes: 0, to: 'manager' }, { afterMinutes: 30, to: 'supervisor' }, { afterMinutes: 120, to: 'supervisors_chat' }, { afterMinutes: 2160, to: 'report_chat' }]],
    ['0 Менеджер,90 Руководитель снова', [{ afterMinutes: 0, to: 'manager' }, { afterMinutes: 90, to: 'supervisor' }]],
    ['30d report chat', [{ afterMinutes: 43_200, to: 'report_chat' }]],
  ])('%j', (text, ladder) => {
    expect(parseLadder(text)).toEqual({ ok: true, ladder });
  });

  it.each<[string, unknown]>([
    ['', { kind: 'empty' }],
    [' , ', { kind: 'empty' }],
    ['2ч руководитель, 0 менеджер', { kind: 'unsorted', step: '0 менеджер' }],
    ['0 менеджер, 0 manager', { kind: 'duplicate', step: '0 manager' }],
    ['потом менеджер', { kind: 'bad-duration', step: 'потом менеджер', value: 'потом' }],
    ['0 чат', { kind: 'unknown-recipient', step: '0 чат', value: 'чат' }],
    ['2ч', { kind: 'bad-step', step: '2ч' }],
    ['30d 1m manager', { kind: 'unknown-recipient', step: '30d 1m manager', value: '1m manager' }],
    ['31d manager', { kind: 'too-late', step: '31d manager' }],
    ['0 m, 1 m, 2 m, 3 m, 4 m, 5 m, 6 m'.replace(/m(?=,|$)/g, 'manager'), { kind: 'too-many', count: 7 }],
  ])('%j is refused', (text, problem) => {
    expect(parseLadder(text)).toEqual({ ok: false, problem });
  });
});

describe('cli norms import with a ladder', () => {
  const cli = cliHarness('2026-11-23T07:00:00Z');
  afterAll(() => cli.dispose());

  it('imports a good ladder and an old file with escalateAfterMinutes; refuses a bad ladder with each problem by path, changing nothing', async () => {
    const good = join(cli.dir, 'good.json');
    writeFileSync(good, JSON.stringify(withLadder([{ afterMinutes: 0, to: 'manager' }, { afterMinutes: 240, to: 'report_chat' }])));
    expect(await cli.run('norms', 'import', good)).toMatchObject({ code: 0 });
    expect(JSON.parse((await cli.run('norms', 'export')).stdout).rules.task_overdue.escalation).toEqual([
      { afterMinutes: 0, to: 'manager' },
      { afterMinutes: 240, to: 'report_chat' },
    ]);

    const old = join(cli.dir, 'old.json');
    writeFileSync(old, JSON.stringify({ rules: { task_overdue: { escalateAfterMinutes: 30 } } }));
    expect(await cli.run('norms', 'import', old)).toMatchObject({ code: 0 });
    expect(JSON.parse((await cli.run('norms', 'export')).stdout).rules.task_overdue.escalation).toEqual(legacyLadder(30));

    const before = (await cli.run('norms', 'export')).stdout;
    const bad = join(cli.dir, 'bad.json');
    writeFileSync(bad, JSON.stringify(withLadder([{ afterMinutes: 120, to: 'supervisor' }, { afterMinutes: 0, to: 'boss' }])));
    const { code, stderr } = await cli.run('norms', 'import', bad);
    expect(code).toBe(1);
    expect(stderr).toContain('the norms are unchanged');
    expect(stderr).toContain('- rules.task_overdue.escalation.1.to: expected one of "manager", "supervisor", "supervisors_chat", "report_chat"');
    expect((await cli.run('norms', 'export')).stdout).toBe(before);

    // The file reader gives the same problems for the same file.
    const read = readNormsFile(bad, base);
    expect(read.ok).toBe(false);
  });
});
