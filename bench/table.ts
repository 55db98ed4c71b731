import type { AccountSize } from './large-account';

/** Everything one run measured, keyed by step; what bench/results/*.json holds. */
export interface Figures {
  size: AccountSize;
  counts: Record<string, number>;
  limits: {
    amoRate: number;
    bitrixRate: number;
    bitrixBurst: number;
    telegram: { perChatPerSecond: number; globalPerSecond: number; chats: number };
    /** What the real CRMs allow (the fakes run faster): the verification's requests are judged against it. */
    crmAllowance: { amoPerSecond: number; bitrixPerSecond: number };
  };
  machine: Record<string, string | number>;
  [step: string]: unknown;
}

type StepFigures = Record<string, number>;

export interface Verdict {
  step: string;
  measured: string;
  target: string;
  met: boolean;
}

const RSS_LIMIT_MB = 500;
/** Ping latency target: a task is pinged within this long of going overdue (the check runs every minute). */
const PING_LATENCY_MAX_S = 90;
/** Verification cost target: one check a minute asks the CRM for at most this share of its allowance. */
const VERIFY_SHARE_MAX = 0.05;
const TIMEZONE = 'Europe/Moscow';

/** The targets of issue 6, each against the run's figures. */
export function judge(f: Figures): Verdict[] {
  const get = (name: string) => f[name] as StepFigures;
  const verdicts: Verdict[] = [];
  const fixed = (n: number, digits = 0) => n.toFixed(digits);
  for (const crm of ['amocrm', 'bitrix24'] as const) {
    const full = get(`${crm}Full`);
    const incremental = get(`${crm}Incremental`);
    const floorSeconds = crm === 'amocrm' ? full.requests! / f.limits.amoRate : Math.max(0, full.requests! - f.limits.bitrixBurst) / f.limits.bitrixRate;
    // A Bitrix24 sync small enough to fit in the bucket's burst has no floor to compare with.
    const ratio = floorSeconds > 0 ? full.wallMs! / 1000 / floorSeconds : null;
    // The pages alone, and the swap of the staged snapshot into the live tables after them.
    const pagesRatio = floorSeconds > 0 ? full.lastPageMs! / 1000 / floorSeconds : null;
    verdicts.push({
      step: `${crm} full sync`,
      measured: `${fixed(full.wallMs! / 1000, 1)} s, ${full.requests} requests, ${ratio === null ? 'within the burst' : `${fixed(ratio, 2)}× floor`} (last page ${pagesRatio === null ? `at ${fixed(full.lastPageMs! / 1000, 1)} s` : `${fixed(pagesRatio, 2)}× floor`}, swap ${fixed(full.finishMs! / 1000, 1)} s), ${full.refused} refused`,
      target: '≤ 1.10× floor, none refused',
      met: (ratio === null || ratio <= 1.1) && full.refused === 0,
    });
    verdicts.push({
      step: `${crm} snapshot write`,
      measured: `${fixed(full.rows!)} rows, ${fixed(full.rowsPerSecond!)} rows/s (${fixed(full.writeMs! / 1000, 1)} s)`,
      target: '—',
      met: true,
    });
    const share = incremental.requests! / full.requests!;
    verdicts.push({
      step: `${crm} incremental (1 %)`,
      measured: `${incremental.requests} requests (${fixed(share * 100, 2)} %), ${fixed(incremental.wallMs! / 1000, 1)} s (${fixed((incremental.wallMs! / full.wallMs!) * 100, 2)} % of full)`,
      target: '< 5 % of full requests',
      met: share < 0.05 && incremental.refused === 0,
    });
  }
  // Read steps run several times; the median is judged, the spread shown.
  const spread = (step: StepFigures) => (step.runs ? ` (median of ${step.runs}: ${fixed(step.minMs!)}–${fixed(step.maxMs!)})` : '');
  const findings = get('findings');
  const scan = get('scan');
  const ratio = findings.ms! / scan.ms!;
  verdicts.push({
    step: 'findings',
    measured: `${fixed(findings.ms!)} ms${spread(findings)}, ${findings.findings} findings; scan ${fixed(scan.ms!)} ms${spread(scan)} → ${fixed(ratio, 2)}×`,
    target: '< 2000 ms, ≤ 3× scan',
    met: findings.ms! < 2000 && ratio <= 3,
  });
  const report = get('report');
  verdicts.push({
    step: 'weekly report',
    measured: `${fixed(report.ms!)} ms${spread(report)}: data ${fixed(report.dataMs!)}, charts ${fixed(report.chartsMs!)}; an account's first: ${fixed(get('firstReport').ms!)} ms`,
    target: '< 3000 ms',
    met: report.ms! < 3000,
  });
  const overdue = get('overdue');
  verdicts.push({
    step: 'overdue tick',
    measured: `median ${fixed(overdue.medianTickMs!, 1)} ms, max ${fixed(overdue.maxTickMs!, 1)} ms over ${overdue.ticks} ticks (${overdue.crmRequests ?? 0} CRM requests to confirm tasks, ${overdue.pinged ?? 0} pinged)`,
    target: '< 200 ms',
    met: overdue.maxTickMs! < 200,
  });
  verdicts.push(...pingVerdicts(f));
  const outbox = get('outbox');
  const t = f.limits.telegram;
  const limit = Math.min(t.globalPerSecond, t.chats * t.perChatPerSecond);
  verdicts.push({
    step: 'outbox drain',
    measured: `${fixed(outbox.perSecond!, 1)} msg/s of ${limit} allowed (${fixed((outbox.perSecond! / limit) * 100)} %), ${outbox.refused} refused`,
    target: '≥ 90 % of the limit',
    met: outbox.perSecond! >= 0.9 * limit,
  });
  const steps = ['amocrmFull', 'amocrmIncremental', 'bitrix24Full', 'bitrix24Incremental', 'findings', 'scan', 'firstReport', 'report', 'overdue', 'amocrmPings', 'bitrix24Pings', 'outbox'];
  const peaks = steps.map((s) => [s, get(s).peakRssMb!] as const);
  const [worst, peak] = peaks.reduce((a, b) => (b[1] > a[1] ? b : a));
  verdicts.push({ step: 'peak RSS', measured: `${fixed(peak)} MB (${worst}); ${peaks.map(([s, mb]) => `${s} ${fixed(mb)}`).join(', ')}`, target: `< ${RSS_LIMIT_MB} MB each`, met: peak < RSS_LIMIT_MB });
  return verdicts;
}

/** Ping latency and the CRM requests verifying 500 open pings cost, for both CRMs (bench/step.ts pingTicks). */
function pingVerdicts(f: Figures): Verdict[] {
  const amo = f.amocrmPings as StepFigures;
  const bitrix = f.bitrix24Pings as StepFigures;
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const clock = (at: number) => new Date(at).toLocaleTimeString('en-GB', { timeZone: TIMEZONE, hour: '2-digit', minute: '2-digit', second: '2-digit' });
  const day = (at: number) => new Date(at).toLocaleDateString('en-GB', { timeZone: TIMEZONE, weekday: 'short' });
  const latency = (name: string, p: StepFigures) =>
    `${name} p50 ${s(p.latencyP50Ms!)}, p90 ${s(p.latencyP90Ms!)}, max ${s(p.latencyMaxMs!)} over ${p.latencyPings} pings (${p.missed} of ${p.fellDue} fallen due missed)`;
  const offHours = amo.offHoursTicks! + bitrix.offHoursTicks!;
  const latencyVerdict: Verdict = {
    step: 'ping latency',
    measured:
      `${latency('amoCRM', amo)}; ${latency('Bitrix24', bitrix)}; ` +
      `ticks every 60 s, ${day(amo.pingsSince!)} ${clock(amo.pingsSince!)}–${clock(Math.max(amo.spanTo!, bitrix.spanTo!))} ${TIMEZONE}` +
      (offHours > 0 ? `, ${offHours} ticks OUTSIDE working hours` : ', in working hours') +
      (amo.held! + bitrix.held! > 0 ? `, ${amo.held! + bitrix.held!} held` : '') +
      // The fakes do not change while the checks run: a ping closed means the CRM's answer and the snapshot disagreed.
      (amo.closed! + bitrix.closed! > 0 ? `, ${amo.closed! + bitrix.closed!} closed` : ''),
    target: `max ≤ ${PING_LATENCY_MAX_S} s`,
    met: [amo, bitrix].every((p) => p.latencyPings! > 0 && p.latencyMaxMs! <= PING_LATENCY_MAX_S * 1000 && p.missed === 0) && offHours === 0,
  };
  const allowance = f.limits.crmAllowance;
  const amoPerMinute = amo.verifyRequests! / amo.verifyTicks!;
  const bitrixPerMinute = bitrix.verifyRequests! / bitrix.verifyTicks!;
  const amoShare = amoPerMinute / (allowance.amoPerSecond * 60);
  const bitrixShare = bitrixPerMinute / (allowance.bitrixPerSecond * 60);
  const pct = (share: number) => `${(share * 100).toFixed(2)} %`;
  const inserted = amo.insertedPings! + bitrix.insertedPings!;
  const open = Math.min(amo.openPings!, bitrix.openPings!);
  const verifyVerdict: Verdict = {
    step: `verification cost (${open} open pings)`,
    measured:
      `amoCRM ${amoPerMinute.toFixed(1)} req/min = ${pct(amoShare)} of ${allowance.amoPerSecond * 60}/min; ` +
      `Bitrix24 ${bitrixPerMinute.toFixed(1)} req/min (${(bitrix.verifyCommands! / bitrix.verifyTicks!).toFixed(1)} commands) = ${pct(bitrixShare)} of ${allowance.bitrixPerSecond * 60}/min; ` +
      `one check a minute, ${amo.verifyTicks} counted each; amoCRM / Bitrix24: ${amo.askedPerCheck!.toFixed(0)} / ${bitrix.askedPerCheck!.toFixed(0)} tasks asked per check, ` +
      `a check ${amo.verifyMedianTickMs!.toFixed(0)} / ${bitrix.verifyMedianTickMs!.toFixed(0)} ms (median), ${amo.verifyRefused! + bitrix.verifyRefused!} refused` +
      (inserted > 0 ? `; ${inserted} of the open pings inserted, not made by ticks` : `; pings made by ${amo.ticks! + (f.overdue as StepFigures).ticks!} / ${bitrix.ticks} ticks`),
    target: `≤ ${VERIFY_SHARE_MAX * 100} % of each`,
    met: amoShare <= VERIFY_SHARE_MAX && bitrixShare <= VERIFY_SHARE_MAX && amo.verifyRefused === 0 && bitrix.verifyRefused === 0,
  };
  return [latencyVerdict, verifyVerdict];
}

export function formatTable(f: Figures, verdicts: readonly Verdict[]): string {
  const header = `Account: ${f.counts.deals} deals, ${f.counts.tasks} tasks, ${f.counts.stageChanges} stage changes, ${f.counts.calls} calls, ${f.counts.users} users, ${f.counts.pipelines} pipelines
Limits: amoCRM ${f.limits.amoRate} req/s, Bitrix24 ${f.limits.bitrixRate}/s (burst ${f.limits.bitrixBurst}), Telegram ${f.limits.telegram.globalPerSecond}/s, ${f.limits.telegram.perChatPerSecond}/s per chat
Machine: ${f.machine.cpus} × ${f.machine.cpuModel}, Node ${f.machine.node}`;
  const rows = verdicts.map((v) => [v.step, v.measured, v.target, v.met ? 'met' : 'MISSED']);
  const widths = [0, 1, 2, 3].map((i) => Math.max(...[['step', 'measured', 'target', ''], ...rows].map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [header, '', line(['step', 'measured', 'target', '']), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
