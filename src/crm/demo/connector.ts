import type { Clock } from '../../clock';
import type { CrmConnector } from '../connector';
import type { EpochMs, SnapshotChunk } from '../model';
import { isoWeekStart } from './calendar';
import { generateDemoAccount, type DemoTimeline } from './generator';
import { chunksAt } from './snapshot-at';

export interface DemoConnectorOptions {
  seed: number;
  clock: Clock;
  /** Multiplies the number of deals (see generateDemoAccount). */
  scale?: number;
}

/** An obviously non-real host: demo deal links must not lead anywhere. */
const DEMO_HOST = 'https://demo.crm-qc.example';

/**
 * The embedded demo CRM. The account is a timeline built around the current
 * ISO week and played as the clock moves: each sync sees what has happened
 * by now, so tasks due later today turn overdue while the demo runs.
 */
export function createDemoConnector(options: DemoConnectorOptions): CrmConnector {
  // One week's timeline is kept: rebuilding it for every sync would waste seconds on large scales.
  let cached: DemoTimeline | null = null;
  const timelineFor = (anchor: EpochMs): DemoTimeline => {
    if (cached?.anchor !== anchor) cached = generateDemoAccount({ seed: options.seed, anchor, scale: options.scale });
    return cached;
  };
  return {
    kind: 'demo',
    async *fetchFull(): AsyncIterable<SnapshotChunk> {
      const now = options.clock.now().getTime();
      yield* chunksAt(timelineFor(isoWeekStart(now)), now);
    },
    dealUrl: (dealId) => `${DEMO_HOST}/leads/detail/${encodeURIComponent(dealId)}`,
  };
}
