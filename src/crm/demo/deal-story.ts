import type { Deal, EpochMs } from '../model';
import { LOSS_REASONS, MANAGER_SHARES } from './account';
import { atWork, DAY } from './calendar';
import { returnMissedCall } from './call-back';
import { dealHeader } from './catalog';
import { demoPipeline, type DemoPipeline, type DemoStage } from './pipelines';
import { customerFor } from './customers';
import { mixSeed, Random } from './random';
import { playFirstVisit, playVisit } from './stage-visit';
import { maybeIncomingCall, pushChange, type Story, type TimelineSink } from './story';

/** Tags the deals' random streams apart from the days'. */
const DEAL_STREAM = 2;
/** A deal's customer has a stream of its own, so the deal's other draws stay as they were. */
const CUSTOMER_STREAM = 3;
/** So do its calls' filing and numbers, and the return of its missed call. */
const TELEPHONY_STREAM = 4;
const CALL_BACK_STREAM = 5;
/** Share of stalled deals left with no task at all: the seed's cemetery. */
const ABANDONED = 0.3;
/** On a stalled deal someone still looks after, the chance each reminder gets a follow-up. */
const KEEP_ALIVE = 0.9;
/** Share of lost deals closed with a loss reason filled in. */
const REASON_GIVEN = 0.7;
/**
 * Share of stalled deals a manager eventually sweeps out as lost, mostly
 * without a reason (the seed: told to empty the funnel, managers closed deals).
 * High enough that the stock of stuck deals levels off instead of growing
 * week after week, as it does in a team that cleans its funnel now and then.
 */
const SWEPT = 0.85;
const SWEPT_REASON_GIVEN = 0.4;
const SWEPT_REASON = 'Не актуально';
/** Typical time a stalled deal sits before it is swept out. */
const SWEEP_AFTER = 21 * DAY;

/** Where a new deal comes from: its number (which makes its id), when, and the timeline's end. */
export interface DealSeed {
  seed: number;
  dealNo: number;
  createdAt: EpochMs;
  horizon: EpochMs;
}

type Outcome = 'won' | 'lost' | 'stall';

/** How the deal's life will go, decided when it is created. */
interface Plan {
  outcome: Outcome;
  /** The open stages it passes, in order. */
  route: DemoStage[];
  keepAlive: number;
  /** For a stalled deal that gets swept out: how long after it stalled. */
  sweepAfter: number | null;
  lossReason: string | null;
}

/** Where the deal stands when its story ends. */
interface DealEnd {
  stageId: string;
  enteredAt: EpochMs;
  closedAt: EpochMs | null;
  lossReason: string | null;
}

/**
 * Writes one deal's whole life (tasks, stage moves, calls) into the sink and
 * returns the deal as it stands at the horizon. All of it comes from the
 * deal's own random stream, so a deal is the same in every week's timeline.
 */
export function writeDeal(seed: DealSeed, sink: TimelineSink): Deal {
  const rng = stream(seed, DEAL_STREAM);
  const manager = rng.weighted(MANAGER_SHARES);
  const pipeline = demoPipeline(rng.weighted(manager.pipelines));
  const header = dealHeader(pipeline.dealKind, rng);
  const { customer, named } = customerFor(pipeline.dealKind, seed.dealNo, header.companyId, stream(seed, CUSTOMER_STREAM));
  const name = named ? `${header.name} — ${customer.listed}, ${customer.phone}` : header.name;
  const { price } = header;
  const plan = planDeal(pipeline, rng);
  const id = String(seed.dealNo);
  const story: Story = {
    rng, telephony: stream(seed, TELEPHONY_STREAM), dealNo: seed.dealNo, dealId: id, manager, customer, named,
    horizon: seed.horizon, sink, taskSeq: 0, changeSeq: 0, callSeq: 0, missedAt: null, contactTimes: [], lastEvent: seed.createdAt,
  };
  // Before the story: its draws must not depend on where the horizon cut the story short.
  maybeIncomingCall(story, seed.createdAt);
  const end = playDeal(story, pipeline, plan, seed.createdAt);
  // After it: how the missed call is returned depends on what the story did meanwhile.
  returnMissedCall(story, stream(seed, CALL_BACK_STREAM), end.closedAt);
  return {
    id, name, price, pipelineId: pipeline.id, stageId: end.stageId, responsibleId: manager.id,
    createdAt: seed.createdAt, updatedAt: story.lastEvent, closedAt: end.closedAt,
    stageEnteredAt: end.enteredAt, lossReason: end.lossReason,
    contactIds: [customer.contactId], companyId: customer.companyId,
  };
}

/** One of the deal's own random streams. */
function stream(seed: DealSeed, tag: number): Random {
  return new Random(mixSeed(seed.seed, tag, seed.dealNo));
}

function planDeal(pipeline: DemoPipeline, rng: Random): Plan {
  const { won, lost, stall } = pipeline.outcomes;
  const outcome = rng.weighted<Outcome>([['won', won], ['lost', lost], ['stall', stall]]);
  const stopAt = outcome === 'won' ? pipeline.stages.length - 1 : stopStage(pipeline, outcome, rng);
  // Deals that go well skip optional stages («База ожидания»); the first and the last are always visited.
  const route = pipeline.stages.filter((s, i) => i <= stopAt && (i === 0 || i === stopAt || !rng.chance(s.skip)));
  if (outcome !== 'stall') {
    const lossReason = outcome === 'lost' && rng.chance(REASON_GIVEN) ? rng.pick(LOSS_REASONS) : null;
    return { outcome, route, keepAlive: 0, sweepAfter: null, lossReason };
  }
  const keepAlive = rng.chance(ABANDONED) ? 0 : KEEP_ALIVE;
  const sweepAfter = rng.chance(SWEPT) ? rng.duration(SWEEP_AFTER, 0.5) : null;
  const lossReason = rng.chance(SWEPT_REASON_GIVEN) ? SWEPT_REASON : null;
  return { outcome, route, keepAlive, sweepAfter, lossReason };
}

/** The index of the stage where a deal that does not win is lost or stalls. */
function stopStage(pipeline: DemoPipeline, outcome: 'lost' | 'stall', rng: Random): number {
  return rng.weighted(pipeline.stages.map((s, i) => [i, outcome === 'lost' ? s.lose : s.stall] as const));
}

/** Walks the route stage by stage until the deal closes, stalls, or the timeline ends. */
function playDeal(story: Story, pipeline: DemoPipeline, plan: Plan, createdAt: EpochMs): DealEnd {
  // A stalled deal leaves its stage only when swept out, so whatever gets past the last stage is won or lost.
  const closedStageId = plan.outcome === 'won' ? pipeline.wonStageId : pipeline.lostStageId;
  let enteredAt = createdAt;
  for (const [i, stage] of plan.route.entries()) {
    const stalls = i === plan.route.length - 1 && plan.outcome === 'stall';
    const sweptAt = stalls && plan.sweepAfter !== null ? atWork(enteredAt + plan.sweepAfter, story.rng) : null;
    const visit = { stage, enteredAt, stalls, keepAlive: plan.keepAlive, sweptAt };
    const leftAt = i === 0 ? playFirstVisit(story, visit) : playVisit(story, visit);
    if (leftAt === null || leftAt > story.horizon) {
      return { stageId: stage.id, enteredAt, closedAt: null, lossReason: null };
    }
    const next = plan.route[i + 1]?.id ?? closedStageId;
    pushChange(story, stage.id, next, leftAt);
    enteredAt = leftAt;
  }
  return { stageId: closedStageId, enteredAt, closedAt: enteredAt, lossReason: plan.lossReason };
}
