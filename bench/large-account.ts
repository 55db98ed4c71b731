import { isoWeekStart, MINUTE } from '../src/crm/demo/calendar';
import { generateDemoAccount } from '../src/crm/demo/generator';
import { chunksAt } from '../src/crm/demo/snapshot-at';
import { ENTITY_NAMES, type EpochMs, type Snapshot, type StageChange } from '../src/crm/model';

/**
 * A large account for the benchmark, built from the demo generator's deal
 * stories so that findings, reports and pings see a realistic mix, then
 * shaped to the sizes asked for: the team and the pipelines are copied
 * (the demo has 10 managers in 5 pipelines), deals are spread over the
 * copies, completed tasks are thinned and deals are given extra back-and-forth
 * stage moves until the counts match. Deterministic for a given size.
 */
export interface AccountSize {
  deals: number;
  tasks: number;
  stageChanges: number;
  managers: number;
  pipelines: number;
}

export const DEFAULT_SIZE: AccountSize = { deals: 100_000, tasks: 400_000, stageChanges: 1_000_000, managers: 50, pipelines: 10 };

/** The instant the account is seen at: Monday 23 November 2026, 10:00 Moscow time. */
export const ACCOUNT_NOW: EpochMs = Date.parse('2026-11-23T07:00:00Z');

const SEED = 20261123;
/** Deals the generator makes at scale 1 (18 weeks of history), a little under what it really makes. */
const DEALS_AT_SCALE_1 = 5_400;
const DEMO_TEAM = 10;
const DEMO_PIPELINES = 5;

export function scaledSize(scale: number, base: AccountSize = DEFAULT_SIZE): AccountSize {
  const times = (n: number) => Math.max(1, Math.round(n * scale));
  return { ...base, deals: times(base.deals), tasks: times(base.tasks), stageChanges: times(base.stageChanges) };
}

export function buildLargeAccount(size: AccountSize, now: EpochMs = ACCOUNT_NOW): Snapshot {
  const timeline = generateDemoAccount({ seed: SEED, anchor: isoWeekStart(now), scale: (size.deals / DEALS_AT_SCALE_1) * 1.05 });
  const demo = emptySnapshot();
  for (const chunk of chunksAt(timeline, now)) (demo[chunk.entity] as unknown[]).push(...chunk.rows);

  const teams = Math.max(1, Math.round(size.managers / DEMO_TEAM));
  const pipelineCopies = Math.max(1, Math.round(size.pipelines / DEMO_PIPELINES));
  const keep = Math.min(1, size.deals / demo.deals.length);
  const deals = demo.deals.filter((d) => unit(d.id, 1) < keep).slice(0, size.deals);
  const dealCopy = new Map(deals.map((d) => [d.id, { team: pick(d.id, 2, teams), pipeline: pick(d.id, 3, pipelineCopies) }]));
  const userIn = (team: number) => (id: string | null) => (id === null ? null : String(Number(id) + 1000 * team));
  const stageIn = (copy: number) => (id: string) => String(Number(id) + 100_000 * copy);

  const account = emptySnapshot();
  for (let team = 0; team < teams; team++) {
    const suffix = team === 0 ? '' : ` ${team + 1}`;
    account.userGroups.push(...demo.userGroups.map((g) => ({ id: String(Number(g.id) + 10 * team), name: g.name + suffix, leadUserId: userIn(team)(g.leadUserId) })));
    account.users.push(
      ...demo.users.map((u) => ({ ...u, id: userIn(team)(u.id)!, name: u.name + suffix, groupId: u.groupId === null ? null : String(Number(u.groupId) + 10 * team) })),
    );
  }
  for (let copy = 0; copy < pipelineCopies; copy++) {
    const suffix = copy === 0 ? '' : ` ${copy + 1}`;
    account.pipelines.push(...demo.pipelines.map((p) => ({ ...p, id: String(Number(p.id) + 10 * copy), name: p.name + suffix, sort: p.sort + 10 * copy })));
    account.stages.push(...demo.stages.map((s) => ({ ...s, id: stageIn(copy)(s.id), pipelineId: String(Number(s.pipelineId) + 10 * copy) })));
  }
  for (const d of deals) {
    const { team, pipeline } = dealCopy.get(d.id)!;
    account.deals.push({ ...d, responsibleId: userIn(team)(d.responsibleId), pipelineId: String(Number(d.pipelineId) + 10 * pipeline), stageId: stageIn(pipeline)(d.stageId) });
  }

  const tasks = demo.tasks.filter((t) => t.dealId === null || dealCopy.has(t.dealId));
  const surplus = tasks.length - size.tasks;
  const completed = tasks.filter((t) => t.completed).length;
  // Thinning only completed tasks keeps every open task, and with them the overdue findings, as generated.
  const dropShare = surplus > 0 && completed > 0 ? surplus / completed : 0;
  for (const t of tasks) {
    if (account.tasks.length >= size.tasks) break;
    if (t.completed && unit(t.id, 4) < dropShare) continue;
    const team = t.dealId === null ? pick(t.id, 5, teams) : dealCopy.get(t.dealId)!.team;
    account.tasks.push({ ...t, responsibleId: userIn(team)(t.responsibleId) });
  }

  const changes = demo.stageChanges.filter((c) => dealCopy.has(c.dealId));
  const padded = withBackAndForth(changes, size.stageChanges - changes.length);
  padded.sort((a, b) => a.at - b.at);
  padded.forEach((c, i) => {
    const { team, pipeline } = dealCopy.get(c.dealId)!;
    const stage = stageIn(pipeline);
    account.stageChanges.push({
      ...c,
      id: String(i + 1),
      fromStageId: c.fromStageId === null ? null : stage(c.fromStageId),
      toStageId: stage(c.toStageId),
      byUserId: userIn(team)(c.byUserId),
    });
  });
  for (const c of demo.calls) {
    if (c.dealId !== null && !dealCopy.has(c.dealId)) continue;
    const team = c.dealId === null ? pick(c.id, 6, teams) : dealCopy.get(c.dealId)!.team;
    account.calls.push({ ...c, userId: userIn(team)(c.userId) });
  }
  return account;
}

/**
 * Adds `extra` stage changes as moves forward by mistake and straight back,
 * a minute apart, just before real moves: the deal's path and its time in
 * each stage stay as they were (give or take minutes).
 */
function withBackAndForth(changes: readonly StageChange[], extra: number): StageChange[] {
  const out = [...changes];
  const movable = changes.filter((c) => c.fromStageId !== null);
  if (extra < 2 || movable.length === 0) return out;
  const pairs = Math.floor(extra / 2);
  const perChange = Math.ceil(pairs / movable.length);
  let added = 0;
  for (const c of movable) {
    for (let j = 1; j <= perChange && added < pairs; j++, added++) {
      const at = c.at - 2 * j * MINUTE;
      out.push({ ...c, id: `${c.id}-f${j}`, fromStageId: c.fromStageId, toStageId: c.toStageId, at });
      out.push({ ...c, id: `${c.id}-b${j}`, fromStageId: c.toStageId, toStageId: c.fromStageId!, at: at + MINUTE });
    }
  }
  return out;
}

function emptySnapshot(): Snapshot {
  return Object.fromEntries(ENTITY_NAMES.map((e) => [e, []])) as unknown as Snapshot;
}

/** A stable number in [0, 1) for an id and a purpose, so choices do not depend on order. */
function unit(id: string, salt: number): number {
  let h = 2166136261 ^ salt;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619);
  return (h >>> 0) / 2 ** 32;
}

function pick(id: string, salt: number, of: number): number {
  return Math.floor(unit(id, salt) * of);
}
