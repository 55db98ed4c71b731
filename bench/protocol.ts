import type { EntityName } from '../src/crm/model';
import type { FakesOptions } from './fakes';

/** What bench/run.ts and the fakes process say to each other. */
export type FakesRequest =
  | { kind: 'start'; options: FakesOptions }
  | { kind: 'stats' }
  | { kind: 'change'; share: number }
  | { kind: 'stop' };

export interface FakesReady {
  counts: Record<EntityName, number>;
  amo: { baseUrl: string; token: string };
  bitrix: { webhookUrl: string; portalUrl: string };
  telegram: { apiRoot: string; token: string; firstChat: number };
}

export interface FakesStats {
  amo: { requests: number; refused: number };
  bitrix: { requests: number; refused: number };
  telegram: { messages: number; refused: number };
}

export type FakesReply =
  | ({ kind: 'ready' } & FakesReady)
  | ({ kind: 'stats' } & FakesStats)
  | { kind: 'changed'; deals: number; tasks: number }
  | { kind: 'error'; message: string };
