import type { EntityName } from '../src/crm/model';
import type { FakesOptions } from './fakes';

/** What bench/run.ts and the fakes process say to each other. */
export type FakesRequest =
  | { kind: 'start'; options: FakesOptions }
  | { kind: 'stats' }
  | { kind: 'change'; share: number }
  | { kind: 'indexTasksById' }
  | { kind: 'stop' };

export interface FakesReady {
  counts: Record<EntityName, number>;
  amo: { baseUrl: string; token: string };
  bitrix: { webhookUrl: string; portalUrl: string };
  telegram: { apiRoot: string; token: string; firstChat: number };
}

export interface FakesStats {
  amo: { requests: number; refused: number };
  /** Requests are HTTP calls (a batch is one); commands count each command of a batch. */
  bitrix: { requests: number; refused: number; commands: number };
  telegram: { messages: number; refused: number };
}

export type FakesReply =
  | ({ kind: 'ready' } & FakesReady)
  | ({ kind: 'stats' } & FakesStats)
  | { kind: 'changed'; deals: number; tasks: number }
  | { kind: 'indexed'; amoTasks: number; bitrixTasks: number }
  | { kind: 'error'; message: string };
