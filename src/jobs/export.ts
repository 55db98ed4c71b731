import { isoDate, localDateAt } from '../calendar/local-date';
import { readReferenceLists } from '../db/snapshot-rows';
import { describeFinding } from '../findings/describe';
import { createFormatter } from '../format';
import { translator, type Locale } from '../i18n';
import { listPeople } from '../people/directory';
import { freeTextIn, type TextForm } from '../privacy/policy';
import { textFormFor, type Reader } from '../privacy/reader';
import type { Finding } from '../rules/types';
import { loadSettings } from '../settings/store';
import type { EpochMs } from '../time';
import { hasSnapshot, openFindingsWithSnapshot } from './account-snapshot';
import type { PingContext } from './context';
import { exportWorkbook, HEADER_IDS, type FindingRow, type HeaderId } from './export-workbook';
import { kpisFor, lastWeek } from './kpis';
import { snoozesInForce } from './snooze';

/** Who the export is for: the operator at the server (the CLI), or a member in a private chat. */
export type ExportReader = { kind: 'operator' } | { kind: 'member'; crmUserId: string | null; admin: boolean };

export interface ExportFile {
  fileName: string;
  bytes: Buffer;
  findings: number;
  managers: number;
}

/**
 * The export: the findings open at `at` and the KPIs of the 7 days before
 * it, as an XLSX. An admin gets the whole account; a supervisor who is not
 * an admin, their own team (their managers and themselves). Deal names are
 * in each reader's text form (as typed for the deal's own manager and
 * supervisor, else the account's privacy mode; the operator at the server
 * sees them as typed). Only ever sent to a private chat. Null before the
 * first sync.
 */
export async function exportFor(ctx: PingContext, at: EpochMs, reader: ExportReader, locale: Locale): Promise<ExportFile | null> {
  if (!hasSnapshot(ctx)) return null;
  const accountId = ctx.config.ACCOUNT_ID;
  const people = listPeople(ctx.handle.db, accountId);
  const supervisorOf = new Map(people.map((p) => [p.crmUserId, p.supervisorId]));
  const team = reader.kind === 'member' && !reader.admin && reader.crmUserId !== null ? new Set([reader.crmUserId, ...people.filter((p) => p.supervisorId === reader.crmUserId).map((p) => p.crmUserId)]) : null;
  const inScope = (managerId: string | null) => team === null || (managerId !== null && team.has(managerId));

  const tr = translator(locale);
  const fmt = createFormatter(tr, ctx.config.TIMEZONE);
  const mode = loadSettings(ctx.handle.db, accountId).privacy;
  const chatReader: Reader | null = reader.kind === 'member' ? { chat: 'private', crmUserId: reader.crmUserId } : null;
  const formOf = (f: Finding): TextForm => (chatReader === null ? 'as-typed' : textFormFor(chatReader, { managerId: f.managerId, supervisorId: f.managerId ? (supervisorOf.get(f.managerId) ?? null) : null }, mode));

  const { findings, snapshot } = openFindingsWithSnapshot(ctx, at);
  const snoozed = snoozesInForce(ctx, at);
  const nameOf = (id: string | null) => (id === null ? '' : (snapshot.users.get(id)?.name ?? id));
  const rows: FindingRow[] = findings
    .filter((f) => inScope(f.managerId))
    .sort((a, b) => a.since - b.since)
    .map((f) => {
      const deal = f.dealId ? snapshot.dealById.get(f.dealId) : undefined;
      const stage = f.stageId ? snapshot.stages.get(f.stageId) : undefined;
      const form = formOf(f);
      return {
        rule: f.rule,
        ruleName: tr.t(`rule-${f.rule}`),
        severity: tr.t(`severity-${f.severity}`),
        dealId: f.dealId,
        dealName: deal ? (freeTextIn(form, deal.name) || tr.t('findings-deal-number', { id: deal.id })) : null,
        taskId: f.taskId,
        managerId: f.managerId,
        manager: nameOf(f.managerId),
        pipeline: stage ? (snapshot.pipelines.get(stage.pipelineId)?.name ?? stage.pipelineId) : '',
        stage: stage?.name ?? '',
        amount: f.amount,
        since: f.since,
        explanation: describeFinding(f, tr, fmt, form),
        link: f.dealId ? ctx.dealUrl(f.dealId) : null,
        snoozedUntil: snoozed.snoozeOf(f)?.until ?? null,
      };
    });

  const all = kpisFor(ctx, lastWeek(at));
  const kpis = { ...all, managers: all.managers.filter((m) => inScope(m.managerId)) };
  const lists = readReferenceLists(ctx.handle.sqlite, accountId);
  const lookup = (items: readonly { id: string; name: string }[]) => {
    const byId = new Map(items.map((i) => [i.id, i.name]));
    return (id: string) => byId.get(id) ?? id;
  };
  const headers = Object.fromEntries(HEADER_IDS.map((id) => [id, tr.t(`export-${id}`)])) as Record<HeaderId, string>;
  const bytes = await exportWorkbook({ headers, findings: rows, kpis, names: { user: lookup(lists.users), stage: lookup(lists.stages), pipeline: lookup(lists.pipelines) }, timezone: ctx.config.TIMEZONE });
  return { fileName: `crm-qc-${isoDate(localDateAt(at, ctx.config.TIMEZONE))}.xlsx`, bytes, findings: rows.length, managers: kpis.managers.length };
}
