import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BOT_SNAPSHOT, NOW } from '../support/bot-fixture';
import { ADMIN, bindHeads, HEADS, IPPOLIT, linkUser, SERGEY, startBotHarness, STRANGER, type BotHarness } from '../support/bot-harness';

/**
 * /export: the open findings and KPIs as an XLSX, in a private chat only —
 * an admin gets the whole department; a supervisor their team, with deal
 * names as typed (they are that team's supervisor); a group chat never gets
 * a file with deal names.
 */
let h: BotHarness;
beforeEach(async () => {
  h = await startBotHarness({ snapshot: BOT_SNAPSHOT, now: NOW });
  await bindHeads(h);
  await linkUser(h, 'Ипполит', IPPOLIT);
  await linkUser(h, 'Сергей', SERGEY);
  h.clock.set(new Date('2026-11-23T11:30:00+03:00'));
});
afterEach(() => h.stop());

async function workbookIn(chat: number): Promise<ExcelJS.Workbook> {
  const [document] = h.fake.messagesIn(chat).filter((m) => m.kind === 'document');
  expect(document?.file?.name).toBe('crm-qc-2026-11-23.xlsx');
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(document!.bytes! as unknown as ArrayBuffer);
  return book;
}

const cells = (book: ExcelJS.Workbook, sheet: string, column: number) => {
  const values: unknown[] = [];
  book.getWorksheet(sheet)!.eachRow((row, n) => {
    if (n > 1) values.push(row.getCell(column).value);
  });
  return values;
};

describe('/export', () => {
  it('sends an admin the whole department as an XLSX, deal names in the account\'s privacy mode (strict: numbers)', async () => {
    await h.say(ADMIN, '/export');
    const book = await workbookIn(ADMIN.id);
    expect(book.worksheets.map((s) => s.name)).toEqual(['Открытые отметки', 'KPI менеджеров', 'Воронка']);
    // Overdue at 11:30: Ипполит's call (due 10:30) and Анна's invoice (due 11:00).
    expect(new Set(cells(book, 'Открытые отметки', 2))).toContain('task_overdue');
    expect(new Set(cells(book, 'Открытые отметки', 8))).toEqual(new Set(['m1', 'm2']));
    // The admin is nobody's supervisor in the CRM: deals by number only.
    for (const name of cells(book, 'Открытые отметки', 5)) if (name !== null) expect(String(name)).toMatch(/^Сделка №/);
    expect(h.fake.messagesIn(ADMIN.id).find((m) => m.kind === 'document')?.caption).toMatch(/^Весь отдел: открытых отметок — \d+/);
  });

  it('sends a supervisor their team, with their deals named as typed', async () => {
    await h.say(SERGEY, '/export');
    const book = await workbookIn(SERGEY.id);
    expect(cells(book, 'Открытые отметки', 5)).toContain('ООО «Ромашка» <опт>');
    expect(cells(book, 'KPI менеджеров', 2).sort()).toEqual(['m1', 'm2', 'sup']);
  });

  it('is refused in a group chat, with nothing sent there, and to a manager or a stranger', async () => {
    const [inGroup] = await h.say(ADMIN, '/export', HEADS);
    expect(inGroup?.text).toContain('только в личный чат');
    expect(h.fake.messagesIn(HEADS.id).filter((m) => m.kind === 'document')).toHaveLength(0);
    for (const who of [IPPOLIT, STRANGER]) {
      const [answer] = await h.say(who, '/export');
      expect(answer?.kind).toBe('text');
      expect(h.fake.messagesIn(who.id).filter((m) => m.kind === 'document')).toHaveLength(0);
    }
  });
});
