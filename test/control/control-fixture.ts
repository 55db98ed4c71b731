import type { DealRef } from '../../src/control/labels';
import type { Deal } from '../../src/crm/model';
import { defaultNorms } from '../../src/norms/defaults';
import type { Norms, RuleName } from '../../src/norms/schema';

/** The default norms (Moscow) with only the three rules the daily control reads enabled. */
export function controlNorms(): Norms {
  const control: RuleName[] = ['task_overdue', 'deal_without_task', 'missed_call_not_returned'];
  const norms = defaultNorms('Europe/Moscow');
  for (const name of Object.keys(norms.rules) as RuleName[]) norms.rules[name].enabled = control.includes(name);
  return norms;
}

/** Looks deals up as the daily control's messages do, with a fake CRM link. */
export function dealRefs(deals: readonly Deal[]): (id: string | null) => DealRef | null {
  return (id) => {
    const found = deals.find((d) => d.id === id);
    return found ? { id: found.id, name: found.name, url: `https://crm.example/leads/${found.id}` } : null;
  };
}
