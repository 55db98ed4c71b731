import ExcelJS from 'exceljs';
import type { EpochMs } from '../crm/model';
import type { Kpis } from '../kpi';

/**
 * The export's spreadsheet: what a sales head opens in Excel to sort and
 * filter what the chat can only list. Pure layout: rows in, XLSX bytes out.
 */

/** One open finding as a row of the export; `dealName` already in the reader's text form (null: not shown). */
export interface FindingRow {
  rule: string;
  ruleName: string;
  severity: string;
  dealId: string | null;
  dealName: string | null;
  taskId: string | null;
  managerId: string | null;
  manager: string;
  pipeline: string;
  stage: string;
  amount: number | null;
  since: EpochMs;
  explanation: string;
  link: string | null;
  snoozedUntil: EpochMs | null;
}

export interface WorkbookInput {
  /** The headers' language. */
  headers: Record<HeaderId, string>;
  findings: FindingRow[];
  kpis: Kpis;
  /** Names of people, stages and pipelines for the KPI sheets (the CRM's id when one is gone). */
  names: { user(id: string): string; stage(id: string): string; pipeline(id: string): string };
  /** The account's timezone: dates are written as the account reads them. */
  timezone: string;
}

export type HeaderId = (typeof HEADER_IDS)[number];

export const HEADER_IDS = [
  'sheet-findings', 'sheet-managers', 'sheet-funnel',
  'rule', 'rule-id', 'severity', 'deal-id', 'deal', 'task-id', 'manager', 'manager-id', 'pipeline', 'stage', 'amount', 'since', 'explanation', 'link', 'snoozed-until',
  'new-deals', 'first-dial-median', 'first-dial-p90', 'reached-share', 'won-count', 'won-amount', 'lost-count', 'lost-by-reason', 'tasks-per-day', 'calls-per-day', 'backward-moves', 'working-days',
  'stage-id', 'key-stage', 'entered', 'moved-forward', 'won', 'lost', 'conversion-next', 'conversion-won', 'median-hours',
] as const;

/** The workbook as XLSX bytes: open findings, the managers' KPIs, the funnel. */
export async function exportWorkbook(input: WorkbookInput): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'crm-qc-bot';
  const h = input.headers;
  const local = (at: EpochMs) => localDateTime(at, input.timezone);

  const findings = book.addWorksheet(h['sheet-findings'], { views: [{ state: 'frozen', ySplit: 1 }] });
  findings.columns = [
    { header: h.rule, key: 'ruleName', width: 30 },
    { header: h['rule-id'], key: 'rule', width: 26 },
    { header: h.severity, key: 'severity', width: 12 },
    { header: h['deal-id'], key: 'dealId', width: 12 },
    { header: h.deal, key: 'dealName', width: 36 },
    { header: h['task-id'], key: 'taskId', width: 12 },
    { header: h.manager, key: 'manager', width: 22 },
    { header: h['manager-id'], key: 'managerId', width: 12 },
    { header: h.pipeline, key: 'pipeline', width: 18 },
    { header: h.stage, key: 'stage', width: 24 },
    { header: h.amount, key: 'amount', width: 14, style: { numFmt: '#,##0' } },
    { header: h.since, key: 'since', width: 18, style: { numFmt: 'dd.mm.yyyy hh:mm' } },
    { header: h['snoozed-until'], key: 'snoozedUntil', width: 18, style: { numFmt: 'dd.mm.yyyy hh:mm' } },
    { header: h.explanation, key: 'explanation', width: 60 },
    { header: h.link, key: 'link', width: 40 },
  ];
  for (const f of input.findings) {
    findings.addRow({ ...f, since: local(f.since), snoozedUntil: f.snoozedUntil === null ? null : local(f.snoozedUntil), link: f.link ? { text: f.link, hyperlink: f.link } : null });
  }
  styleHeader(findings);

  const managers = book.addWorksheet(h['sheet-managers'], { views: [{ state: 'frozen', ySplit: 1 }] });
  managers.columns = [
    { header: h.manager, key: 'manager', width: 22 },
    { header: h['manager-id'], key: 'managerId', width: 12 },
    { header: h['new-deals'], key: 'newDeals', width: 12 },
    { header: h['first-dial-median'], key: 'firstDialMedianMinutes', width: 16 },
    { header: h['first-dial-p90'], key: 'firstDialP90Minutes', width: 16 },
    { header: h['reached-share'], key: 'reachedShare', width: 14, style: { numFmt: '0%' } },
    { header: h['won-count'], key: 'wonCount', width: 10 },
    { header: h['won-amount'], key: 'wonAmount', width: 14, style: { numFmt: '#,##0' } },
    { header: h['lost-count'], key: 'lostCount', width: 10 },
    { header: h['lost-by-reason'], key: 'lostByReason', width: 40 },
    { header: h['tasks-per-day'], key: 'tasksCompletedPerDay', width: 12 },
    { header: h['calls-per-day'], key: 'callsPerDay', width: 12 },
    { header: h['backward-moves'], key: 'backwardMoves', width: 12 },
    { header: h['working-days'], key: 'workingDays', width: 12 },
  ];
  for (const m of input.kpis.managers) {
    const reasons = Object.entries(m.lostByReason).map(([reason, n]) => `${reason}: ${n}`).join('; ');
    managers.addRow({ ...m, manager: input.names.user(m.managerId), lostByReason: reasons });
  }
  styleHeader(managers);

  const funnel = book.addWorksheet(h['sheet-funnel'], { views: [{ state: 'frozen', ySplit: 1 }] });
  funnel.columns = [
    { header: h.pipeline, key: 'pipeline', width: 18 },
    { header: h.stage, key: 'stage', width: 26 },
    { header: h['stage-id'], key: 'stageId', width: 14 },
    { header: h['key-stage'], key: 'key', width: 10 },
    { header: h.entered, key: 'entered', width: 10 },
    { header: h['moved-forward'], key: 'movedForward', width: 12 },
    { header: h.won, key: 'won', width: 10 },
    { header: h.lost, key: 'lost', width: 10 },
    { header: h['conversion-next'], key: 'conversionToNext', width: 14, style: { numFmt: '0%' } },
    { header: h['conversion-won'], key: 'conversionToWon', width: 14, style: { numFmt: '0%' } },
    { header: h['median-hours'], key: 'medianHoursInStage', width: 14 },
  ];
  for (const p of input.kpis.pipelines) {
    for (const s of p.stages) funnel.addRow({ ...s, pipeline: input.names.pipeline(p.pipelineId), stage: input.names.stage(s.stageId), key: s.stageId === p.keyStageId ? '✓' : '' });
  }
  styleHeader(funnel);

  return Buffer.from(await book.xlsx.writeBuffer());
}

function styleHeader(sheet: ExcelJS.Worksheet): void {
  sheet.getRow(1).font = { bold: true };
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: sheet.columnCount } };
}

/**
 * An instant as the account's wall-clock date and time, written as a UTC
 * date: Excel has no time zones, and a cell shows what it holds, so the
 * sales head sees 23.11.2026 10:00 for 10:00 in Moscow.
 */
function localDateTime(at: EpochMs, timezone: string): Date {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(at))
      .map((p) => [p.type, p.value]),
  );
  return new Date(Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second)));
}
