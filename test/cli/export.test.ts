import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { cliHarness } from '../support/cli-harness';

const NOW = '2026-11-23T09:00:00+03:00';

type Row = Record<string, unknown>;

/** A sheet read back as objects keyed by its header row. */
function rowsOf(sheet: ExcelJS.Worksheet): Row[] {
  const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
  const rows: Row[] = [];
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    const values = (row.values as unknown[]).slice(1);
    rows.push(Object.fromEntries(header.map((h, i) => [h, values[i] ?? null])));
  });
  return rows;
}

describe('cli export FILE', () => {
  it('writes a workbook whose sheets, read back, hold what findings --json and kpis --json say', async () => {
    const cli = cliHarness(NOW);
    try {
      await cli.run('sync');
      const file = join(cli.dir, 'out.xlsx');
      const result = await cli.run('export', file);
      expect(result).toMatchObject({ code: 0, stderr: '' });
      const findings = JSON.parse((await cli.run('findings', '--json')).stdout) as { rule: string; dealId: string | null; taskId: string | null; managerId: string | null; since: string; explanation: string }[];
      const kpis = JSON.parse((await cli.run('kpis', '--json')).stdout) as { managers: Row[]; pipelines: { stages: Row[] }[] };
      expect(result.stdout.trimEnd()).toBe(`Exported ${findings.length} open findings and ${kpis.managers.length} managers' KPIs to ${file}`);

      const book = new ExcelJS.Workbook();
      await book.xlsx.readFile(file);
      expect(book.worksheets.map((s) => s.name)).toEqual(['Открытые отметки', 'KPI менеджеров', 'Воронка']);

      const rows = rowsOf(book.getWorksheet('Открытые отметки')!);
      const key = (r: { rule: unknown; dealId: unknown; taskId: unknown; managerId: unknown }) => `${String(r.rule)} ${String(r.dealId)} ${String(r.taskId)} ${String(r.managerId)}`;
      expect(rows.map((r) => key({ rule: r['Код правила'], dealId: r['ID сделки'], taskId: r['ID задачи'], managerId: r['ID менеджера'] })).sort()).toEqual(findings.map(key).sort());
      const first = rows.find((r) => r['ID сделки'] !== null)!;
      const same = findings.find((f) => f.rule === first['Код правила'] && f.dealId === first['ID сделки'] && f.taskId === first['ID задачи'])!;
      expect(first['Что случилось']).toBe(same.explanation);
      expect(String((first['Ссылка в CRM'] as { hyperlink: string }).hyperlink)).toContain(String(same.dealId));
      // The operator at the server sees deal names as typed: the demo's names hold customers' names.
      expect(rows.some((r) => typeof r['Сделка'] === 'string' && !(r['Сделка'] as string).startsWith('Сделка №'))).toBe(true);
      // Dates are the account's wall clock: Moscow is three hours ahead of UTC (to the second: a cell holds no milliseconds).
      const since = first['С какого момента'] as Date;
      expect(Math.abs(since.getTime() - Date.parse(same.since) - 3 * 3_600_000)).toBeLessThan(1_000);

      const managers = rowsOf(book.getWorksheet('KPI менеджеров')!);
      expect(managers.map((m) => [m['ID менеджера'], m['Новых сделок'], m['Выиграно'], m['Выиграно, ₽'], m['Дозвонились вовремя']])).toEqual(
        kpis.managers.map((m) => [m.managerId, m.newDeals, m.wonCount, m.wonAmount, m.reachedShare]),
      );
      const funnel = rowsOf(book.getWorksheet('Воронка')!);
      expect(funnel.map((s) => [s['ID этапа'], s['Вошло'], s['Пошло дальше']])).toEqual(kpis.pipelines.flatMap((p) => p.stages.map((s) => [s.stageId, s.entered, s.movedForward])));
      // Nothing is left beside it.
      expect(readdirSync(cli.dir).filter((f) => f.endsWith('.partial'))).toEqual([]);
    } finally {
      cli.dispose();
    }
  });

  it.each([
    [[], 2, 'export needs a FILE to write'],
    [['out.csv'], 2, 'export writes an XLSX workbook: name the file *.xlsx (got "out.csv")'],
    [['a.xlsx', 'b.xlsx'], 2, 'unexpected argument "b.xlsx"'],
  ])('export %j → exit %i: %s', async (args, code, message) => {
    const cli = cliHarness(NOW);
    try {
      await cli.run('sync');
      const result = await cli.run('export', ...(args as string[]));
      expect(result.code).toBe(code);
      expect(result.stderr).toContain(message);
    } finally {
      cli.dispose();
    }
  });

  it('into a folder that does not exist: exit 1 with the reason, nothing written', async () => {
    const cli = cliHarness(NOW);
    try {
      await cli.run('sync');
      const file = join(cli.dir, 'no-such-folder', 'out.xlsx');
      const result = await cli.run('export', file);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`export: could not write ${file}`);
      expect(existsSync(file) || existsSync(`${file}.partial`)).toBe(false);
    } finally {
      cli.dispose();
    }
  });

  it('before any sync: exit 1, saying to sync first', async () => {
    const cli = cliHarness(NOW);
    try {
      const result = await cli.run('export', join(cli.dir, 'out.xlsx'));
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/sync/);
    } finally {
      cli.dispose();
    }
  });
});
