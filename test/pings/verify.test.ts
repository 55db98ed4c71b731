import { describe, expect, it } from 'vitest';
import { overlayCrmTasks } from '../../src/pings/verify';
import { at, task } from '../support/fixture';

const DUE = at('2026-11-23T12:00:00+03:00');
const open = task({ id: 't1', createdAt: DUE - 86_400_000, dueAt: DUE });
const other = task({ id: 't2', createdAt: DUE - 86_400_000, dueAt: DUE });
const done = { ...open, completed: true, completedAt: DUE - 5 * 60_000 };
const moved = { ...open, dueAt: DUE + 3_600_000 };

describe('overlayCrmTasks: what the CRM says now wins over the snapshot for the tasks asked about', () => {
  it.each([
    ['still open', [open], [open, other], [open], []],
    ['done since the sync', [done], [done, other], [done], []],
    ['due time moved', [moved], [moved, other], [moved], []],
    ['deleted in the CRM', [], [other], [], ['t1']],
  ])('%s', (_case, crm, tasks, confirmed, deleted) => {
    const check = overlayCrmTasks([open, other], ['t1'], crm);
    expect(check).toEqual({ tasks, confirmed, deleted });
  });

  it('ignores rows the CRM sent that were not asked about', () => {
    const check = overlayCrmTasks([open, other], ['t1'], [open, { ...other, completed: true }]);
    expect(check.tasks).toEqual([open, other]);
    expect(check.confirmed).toEqual([open]);
  });
});
