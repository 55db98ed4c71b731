import { kpisFor, lastWeek } from '../jobs/kpis';
import type { JobContext } from '../jobs/context';
import type { Kpis, ManagerKpis } from '../kpi';
import { readReferenceLists } from '../db/snapshot-rows';
import { requireSnapshot } from './snapshot-guard';
import { parseCommandArgs, parseInstant, UsageError } from './usage';

export const KPIS_HELP = `Usage: npm run -s cli -- kpis [--from ISO] [--to ISO] [--json]

The funnel's KPIs for a window over the latest snapshot: per manager (new
deals, time to first dial, leads reached in time, won and lost, completed
tasks and calls per working day, backward moves) and per pipeline stage
(entered, moved forward, won, lost, conversions, median time in stage).
  --from ISO  the window's start (default: 7 days before --to)
  --to ISO    the window's end (default: now), e.g. 2026-11-30 or 2026-11-30T09:00:00+03:00
  --json      one JSON object: { from, to, managers: [...], pipelines: [...] }.
              Ids are the CRM's own ids as strings, shares 0-1, null where a
              figure is not defined (see the README, "Funnel KPIs").`;

/** `kpis`: the window's KPIs as JSON or as readable lines. */
export function kpisCommand(ctx: JobContext, args: string[]): string {
  const { values } = parseCommandArgs(args, { from: { type: 'string' }, to: { type: 'string' }, json: { type: 'boolean' } }, KPIS_HELP);
  const to = parseInstant(values.to, ctx.config.TIMEZONE, ctx.clock.now(), KPIS_HELP, '--to');
  const from = values.from === undefined ? lastWeek(to).from : parseInstant(values.from, ctx.config.TIMEZONE, ctx.clock.now(), KPIS_HELP, '--from');
  if (from >= to) throw new UsageError(`--from (${new Date(from).toISOString()}) must be before --to (${new Date(to).toISOString()})`, KPIS_HELP);
  requireSnapshot(ctx);
  const kpis = kpisFor(ctx, { from, to });
  if (values.json) return JSON.stringify(toJson(kpis), null, 2);
  return readable(kpis, namesOf(ctx));
}

/** Names of people, stages and pipelines for the readable output (the CRM's id when one is gone). */
function namesOf(ctx: JobContext) {
  const lists = readReferenceLists(ctx.handle.sqlite, ctx.config.ACCOUNT_ID);
  const lookup = (rows: readonly { id: string; name: string }[]) => {
    const byId = new Map(rows.map((r) => [r.id, r.name]));
    return (id: string) => byId.get(id) ?? id;
  };
  return { user: lookup(lists.users), stage: lookup(lists.stages), pipeline: lookup(lists.pipelines) };
}

/** The JSON contract: instants as ISO 8601, everything else as computed. */
function toJson(kpis: Kpis) {
  return { ...kpis, from: new Date(kpis.from).toISOString(), to: new Date(kpis.to).toISOString() };
}

function readable(kpis: Kpis, names: ReturnType<typeof namesOf>): string {
  const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)}%`);
  const num = (x: number | null) => (x === null ? '—' : String(x));
  const lines = [`KPIs ${new Date(kpis.from).toISOString()} — ${new Date(kpis.to).toISOString()}`, '', 'Managers:'];
  const manager = (m: ManagerKpis) =>
    `  ${names.user(m.managerId)}: new ${m.newDeals}, first dial median ${num(m.firstDialMedianMinutes)} min (p90 ${num(m.firstDialP90Minutes)}), reached in time ${pct(m.reachedShare)}, ` +
    `won ${m.wonCount} (${m.wonAmount}), lost ${m.lostCount}, tasks/day ${num(m.tasksCompletedPerDay)}, calls/day ${num(m.callsPerDay)}, backward moves ${m.backwardMoves}`;
  lines.push(...kpis.managers.map(manager));
  for (const pipeline of kpis.pipelines) {
    lines.push('', `Pipeline ${names.pipeline(pipeline.pipelineId)}:`);
    for (const s of pipeline.stages) {
      const key = s.stageId === pipeline.keyStageId ? ' (key stage)' : '';
      lines.push(`  ${names.stage(s.stageId)}${key}: entered ${s.entered}, forward ${s.movedForward} (${pct(s.conversionToNext)}), won ${s.won} (${pct(s.conversionToWon)}), lost ${s.lost}, median ${num(s.medianHoursInStage)} h`);
    }
  }
  return lines.join('\n');
}
