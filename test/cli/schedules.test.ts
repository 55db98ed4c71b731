import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliHarness } from '../support/cli-harness';

// Monday morning, Moscow, on the demo CRM.
const cli = cliHarness('2026-11-23T07:00:00Z');
afterAll(() => cli.dispose());

/** A manager of the demo: the responsible of some task finding. */
let managerId = '';
beforeAll(async () => {
  expect((await cli.run('sync')).code).toBe(0);
  const findings = JSON.parse((await cli.run('findings', '--json')).stdout) as { rule: string; managerId: string | null }[];
  managerId = findings.find((f) => f.rule === 'task_overdue' && f.managerId !== null)!.managerId!;
});

const file = (name: string, document: unknown) => {
  const path = join(cli.dir, name);
  writeFileSync(path, typeof document === 'string' ? document : JSON.stringify(document));
  return path;
};

describe('schedules export | import', () => {
  it('exports nothing at first; imports a cycle and a vacation; exports them back; the working clock follows', async () => {
    expect(JSON.parse((await cli.run('schedules', 'export')).stdout)).toEqual({ people: [] });
    const overdueOf = async () => (JSON.parse((await cli.run('findings', '--json')).stdout) as { rule: string; managerId: string | null }[]).filter((f) => f.rule === 'task_overdue' && f.managerId === managerId).length;
    // Overdue tasks counted on the working clock with a 2-hour grace: whose working time it is matters.
    expect((await cli.run('norms', 'import', file('norms.json', { rules: { task_overdue: { clock: 'working', graceMinutes: 120 } } }))).code).toBe(0);
    const before = await overdueOf();
    const person = {
      crmUserId: managerId,
      pattern: { kind: 'cycle', on: 3, off: 3, start: '2026-11-20', from: '09:00', to: '21:00' },
      absences: [{ kind: 'vacation', from: '2026-11-09', to: '2026-11-22' }],
    };
    const imported = await cli.run('schedules', 'import', file('ok.json', { people: [person] }));
    expect(imported).toMatchObject({ code: 0, stderr: '', stdout: `Schedules imported from ${join(cli.dir, 'ok.json')}: 1 own pattern(s), 1 absence(s)\n` });
    const exported = JSON.parse((await cli.run('schedules', 'export')).stdout) as { people: Record<string, unknown>[] };
    expect(exported.people).toEqual([{ ...person, name: expect.any(String) }]);
    // On vacation for two weeks and off shift today, the manager's working clock has not run since 9 November:
    // the tasks due since then are not late yet by their own clock.
    expect(await overdueOf()).toBeLessThan(before);
    expect(await overdueOf()).toBeGreaterThan(0);
  });

  it('an invalid file lists every problem by path and changes nothing', async () => {
    const before = (await cli.run('schedules', 'export')).stdout;
    const bad = file('bad.json', {
      people: [
        { crmUserId: 'nobody', pattern: { kind: 'cycle', on: 0, off: 3, start: '2026-02-30', from: '9:00', to: '21:00' } },
        { crmUserId: managerId, pattern: { kind: 'weekly', days: [1, 1], from: '09:00', to: '18:00' }, absences: [{ kind: 'trip', from: '2026-12-10', to: '2026-12-01' }], extra: true },
      ],
    });
    const { code, stderr, stdout } = await cli.run('schedules', 'import', bad);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('the schedules are unchanged');
    expect(stderr).toContain('- people.0.pattern.on:');
    expect(stderr).toContain('- people.0.pattern.start: expected a real date as YYYY-MM-DD');
    expect(stderr).toContain('- people.0.pattern.from: expected HH:MM');
    expect(stderr).toContain('- people.1.pattern.days: a weekday is listed twice');
    expect(stderr).toContain('- people.1.absences.0.kind:');
    expect(stderr).toContain('- people.1.extra: unknown key');
    expect((await cli.run('schedules', 'export')).stdout).toBe(before);
  });

  it.each([
    ['an unknown CRM user', { people: [{ crmUserId: 'nobody', absences: [] }] }, '- people.0.crmUserId: no CRM user "nobody" in the snapshot'],
    ['a person twice', () => ({ people: [{ crmUserId: managerId }, { crmUserId: managerId }] }), `- people.1.crmUserId: "${'%ID%'}" is listed twice`],
    ['overlapping absences', () => ({ people: [{ crmUserId: managerId, absences: [{ kind: 'vacation', from: '2026-12-10', to: '2026-12-20' }, { kind: 'sick', from: '2026-12-20', to: '2026-12-22' }] }] }), '2026-12-10–2026-12-20 and 2026-12-20–2026-12-22 overlap'],
    ['a reversed absence', () => ({ people: [{ crmUserId: managerId, absences: [{ kind: 'sick', from: '2026-12-20', to: '2026-12-10' }] }] }), '- people.0.absences.0.to: "to" is before "from"'],
    ['not an object', 'not json', 'is not valid JSON'],
    ['no people', { persons: [] }, '- persons: unknown key'],
  ])('%s is refused with its reason', async (_, document, expected) => {
    const before = (await cli.run('schedules', 'export')).stdout;
    const { code, stderr } = await cli.run('schedules', 'import', file('case.json', typeof document === 'function' ? document() : document));
    expect(code).toBe(1);
    expect(stderr).toContain(expected.replace('%ID%', managerId));
    expect((await cli.run('schedules', 'export')).stdout).toBe(before);
  });

  it('a missing file and a missing action are clear', async () => {
    expect(await cli.run('schedules', 'import', join(cli.dir, 'none.json'))).toMatchObject({ code: 1, stderr: expect.stringContaining('file not found; the schedules are unchanged') });
    expect(await cli.run('schedules')).toMatchObject({ code: 2, stderr: expect.stringContaining('schedules needs an action: export or import') });
    expect(await cli.run('schedules', 'import')).toMatchObject({ code: 2, stderr: expect.stringContaining('schedules import needs a FILE') });
    expect((await cli.run('schedules', '--help')).stdout).toContain('npm run -s cli -- schedules export [FILE]');
  });
});
