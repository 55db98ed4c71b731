import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULE_NAMES } from '../src/norms/schema';
import { cliHarness } from './support/cli-harness';

// Monday morning, Moscow: the demo has a week of history behind it and tasks going overdue today.
const cli = cliHarness('2026-11-23T07:00:00Z');
afterAll(() => cli.dispose());

describe('on the demo CRM', () => {
  beforeAll(async () => {
    const sync = await cli.run('sync');
    expect(sync).toMatchObject({ code: 0, stderr: '' });
    expect(sync.stdout).toMatch(/^Synced demo in [\d.]+ s: \d+ deals, \d+ tasks, \d+ stage changes, 11 users\. Findings: \d+ open \(\d+ new, 0 resolved\)\.\n$/);
  });

  it('findings --json is one array covering every enabled rule, with CRM ids as strings', async () => {
    const { code, stdout } = await cli.run('findings', '--json');
    expect(code).toBe(0);
    const findings = JSON.parse(stdout) as Record<string, unknown>[];
    expect(new Set(findings.map((f) => f.rule))).toEqual(new Set(RULE_NAMES));
    for (const f of findings) {
      expect(Object.keys(f)).toEqual(expect.arrayContaining(['rule', 'severity', 'dealId', 'taskId', 'managerId', 'pipelineId', 'stageId', 'amount', 'since']));
      expect(['violation', 'remark']).toContain(f.severity);
      for (const id of ['dealId', 'taskId', 'managerId', 'pipelineId', 'stageId']) expect(f[id] === null || typeof f[id] === 'string').toBe(true);
      expect(new Date(f.since as string).toISOString()).toBe(f.since);
    }
  });

  it('a second sync of an unchanged CRM opens and resolves nothing', async () => {
    expect((await cli.run('sync')).stdout).toMatch(/\(0 new, 0 resolved\)/);
  });

  it('findings --at judges another instant over the same snapshot', async () => {
    const count = async (at: string) => (JSON.parse((await cli.run('findings', '--json', '--at', at)).stdout) as { rule: string }[]).filter((f) => f.rule === 'task_overdue').length;
    expect(await count('2026-11-16T07:00:00Z')).toBeGreaterThan(0);
    expect(await count('2026-11-23T07:00:00Z')).not.toBe(await count('2026-11-16T07:00:00Z'));
  });

  it('report writes the HTML messages, the charts and their captions, and lists them', async () => {
    const out = join(cli.dir, 'report');
    const { code, stdout } = await cli.run('report', '--out', out);
    expect(code).toBe(0);
    const paths = stdout.trim().split('\n');
    expect(paths).toEqual(expect.arrayContaining([join(out, 'message-1.html'), join(out, 'chart-1-kpi-card.png'), join(out, 'chart-3-stages.png'), join(out, 'index.html')]));
    for (const path of paths) expect(existsSync(path)).toBe(true);
    expect(readFileSync(join(out, 'message-1.html'), 'utf8')).toContain('Контроль качества продаж');
    // The KPI card, the funnels, four charts of findings, the per-manager lines, money at stake: within an album's ten.
    expect(paths.filter((p) => p.endsWith('.png'))).toHaveLength(8);
  });

  it('norms import applies a partial file; findings follow it', async () => {
    const file = join(cli.dir, 'norms.json');
    writeFileSync(file, JSON.stringify({ rules: { task_overdue: { enabled: false } } }));
    expect(await cli.run('norms', 'import', file)).toMatchObject({ code: 0, stdout: `Norms imported from ${file}\n` });
    const findings = JSON.parse((await cli.run('findings', '--json')).stdout) as { rule: string }[];
    expect(findings.some((f) => f.rule === 'task_overdue')).toBe(false);
    const exported = JSON.parse((await cli.run('norms', 'export')).stdout);
    expect(exported.rules.task_overdue).toEqual({
      enabled: false,
      severity: 'violation',
      clock: 'calendar',
      graceMinutes: 0,
      escalation: [
        { afterMinutes: 0, to: 'manager' },
        { afterMinutes: 0, to: 'supervisor' },
        { afterMinutes: 120, to: 'supervisor' },
      ],
    });
  });

  it('norms import of an invalid file lists each problem by path and changes nothing', async () => {
    const before = (await cli.run('norms', 'export')).stdout;
    const file = join(cli.dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ timezone: 'Mars/Base', rules: { task_overdu: {}, deal_without_task: { graceMinutes: -5 } } }));
    const { code, stderr } = await cli.run('norms', 'import', file);
    expect(code).toBe(1);
    expect(stderr).toContain('the norms are unchanged');
    expect(stderr).toContain('- timezone: unknown IANA time zone');
    expect(stderr).toContain('- rules.task_overdu: unknown key');
    expect(stderr).toContain('- rules.deal_without_task.graceMinutes:');
    expect((await cli.run('norms', 'export')).stdout).toBe(before);
  });
});

describe('bad input', () => {
  const fresh = cliHarness('2026-11-23T07:00:00Z');
  afterAll(() => fresh.dispose());

  it.each([
    [['bogus'], /Unknown command "bogus"/],
    [['findings', '--what'], /Unknown option '--what'/],
    [['findings', '--at', 'yesterday'], /--at "yesterday" is not an ISO 8601 date or time/],
    [['report', 'extra'], /unexpected argument "extra"/],
    [['norms'], /norms needs an action: export or import/],
    [['norms', 'import'], /norms import needs a FILE/],
  ])('%j exits 2 with the reason and the usage', async (argv, reason) => {
    const { code, stderr, stdout } = await fresh.run(...argv);
    expect(code).toBe(2);
    expect(stderr).toMatch(reason);
    expect(stderr).toContain('Usage:');
    expect(stdout).toBe('');
  });

  it.each(['sync', 'findings', 'report', 'norms'])('%s --help prints its usage and exits 0', async (command) => {
    const { code, stdout } = await fresh.run(command, '--help');
    expect(code).toBe(0);
    expect(stdout).toContain(`npm run -s cli -- ${command}`);
  });

  it('findings before any sync says how to get a snapshot', async () => {
    expect(await fresh.run('findings')).toMatchObject({ code: 1, stderr: expect.stringContaining('Run "npm run -s cli -- sync" first') });
  });

  it('a bad configuration names every bad variable', async () => {
    const broken = cliHarness('2026-11-23T07:00:00Z', { CRM: 'hubspot', TIMEZONE: 'Nowhere/City' });
    const { code, stderr } = await broken.run('sync');
    broken.dispose();
    expect(code).toBe(1);
    expect(stderr).toMatch(/CRM: expected one of: demo, amocrm, bitrix24/);
    expect(stderr).toMatch(/TIMEZONE: unknown IANA time zone/);
  });

  it('CRM=bitrix24 without a webhook or OAuth says what is missing; a mistyped webhook is refused', async () => {
    const bitrix = cliHarness('2026-11-23T07:00:00Z', { CRM: 'bitrix24', BITRIX24_CLIENT_ID: 'app.123' });
    const { code, stderr } = await bitrix.run('sync');
    expect(code).toBe(1);
    expect(stderr).toMatch(/BITRIX24_WEBHOOK_URL: required with CRM=bitrix24: an incoming webhook's address, or else OAuth \(missing: BITRIX24_PORTAL, BITRIX24_CLIENT_SECRET\)/);
    bitrix.env.BITRIX24_WEBHOOK_URL = 'https://example.bitrix24.ru/rest/1/s3cr3t/crm.deal.list.json';
    const mistyped = await bitrix.run('sync');
    bitrix.dispose();
    expect(mistyped.stderr).toMatch(/BITRIX24_WEBHOOK_URL: expected the incoming webhook's address ending in \/rest\/<user id>\/<secret>\//);
    expect(mistyped.stderr).not.toContain('s3cr3t');
  });

  it('CRM=amocrm without its address and token names both variables', async () => {
    const amo = cliHarness('2026-11-23T07:00:00Z', { CRM: 'amocrm' });
    const { code, stderr } = await amo.run('sync');
    amo.dispose();
    expect(code).toBe(1);
    expect(stderr).toMatch(/AMOCRM_BASE_URL: required with CRM=amocrm/);
    expect(stderr).toMatch(/AMOCRM_TOKEN: required with CRM=amocrm/);
  });
});
