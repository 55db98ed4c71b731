import { createFormatter } from '../format';
import { describeFinding } from '../findings/describe';
import { translator } from '../i18n';
import { openFindingsAt } from '../jobs/account-snapshot';
import type { JobContext } from '../jobs/context';
import type { Finding } from '../rules/types';
import { requireSnapshot } from './snapshot-guard';
import { parseCommandArgs, parseInstant } from './usage';

export const FINDINGS_HELP = `Usage: npm run -s cli -- findings [--at ISO] [--json]

Lists the findings open at an instant over the latest snapshot.
  --at ISO   the instant (default: now), e.g. 2026-11-23T09:00:00+03:00 or 2026-11-23
  --json     one JSON array; each object has rule, severity, dealId, taskId,
             managerId, pipelineId, stageId, amount, since (ISO 8601), and more.
             Ids are the CRM's own ids as strings, null where not applicable.`;

/**
 * The CLI runs on the server by whoever holds the database file, which has
 * every deal name and task text anyway: it shows them as typed.
 */
const OPERATOR_FORM = 'as-typed';

/** `findings`: the open findings as a JSON array or as readable lines. */
export function findingsCommand(ctx: JobContext, args: string[]): string {
  const { values } = parseCommandArgs(args, { at: { type: 'string' }, json: { type: 'boolean' } }, FINDINGS_HELP);
  const at = parseInstant(values.at, ctx.config.TIMEZONE, ctx.clock.now(), FINDINGS_HELP);
  requireSnapshot(ctx);
  const findings = openFindingsAt(ctx, at);
  const tr = translator(ctx.config.LOCALE);
  const fmt = createFormatter(tr, ctx.config.TIMEZONE);
  if (values.json) return JSON.stringify(findings.map((f) => toJson(f, describeFinding(f, tr, fmt, OPERATOR_FORM))), null, 2);
  if (findings.length === 0) return 'No open findings.';
  const lines = findings.map((f) => `${f.severity.padEnd(9)} ${f.rule.padEnd(24)} deal ${f.dealId ?? '-'}  manager ${f.managerId ?? '-'}  ${describeFinding(f, tr, fmt, OPERATOR_FORM)}`);
  return `${lines.join('\n')}\n${findings.length} open findings.`;
}

function toJson(f: Finding, explanation: string) {
  return {
    rule: f.rule,
    severity: f.severity,
    dealId: f.dealId,
    taskId: f.taskId,
    managerId: f.managerId,
    pipelineId: f.pipelineId,
    stageId: f.stageId,
    amount: f.amount,
    since: new Date(f.since).toISOString(),
    explanation,
    key: f.key,
  };
}
