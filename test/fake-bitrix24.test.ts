import { afterEach, describe, expect, it } from 'vitest';
import { AT, bitrixCallsFixture } from './support/fake-bitrix24/calls-fixture';
import { b24Date, bitrixFixture } from './support/fake-bitrix24/fixture';
import { startFakeBitrix, type FakeBitrix } from './support/fake-bitrix24/server';

/** The fake portal itself, held to Bitrix24 REST's documented answers, paging, batch and limits, so connector tests rest on honest ground. */
let fake: FakeBitrix | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function portal() {
  const fixture = bitrixFixture();
  const template = fixture.deals[0]!;
  fixture.deals = Array.from({ length: 120 }, (_, i) => ({ ...template, ID: String(i + 1) }));
  fake = await startFakeBitrix(fixture);
  return fake;
}

const get = async (url: string) => {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};
const post = async (url: string, body: unknown) => {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

describe('fake Bitrix24 portal', () => {
  it('pages by 50 with next and total, ends past the end, and skips the count with start=-1', async () => {
    const f = await portal();
    const first = await get(`${f.webhookUrl}crm.deal.list.json?select[]=ID&order[ID]=ASC`);
    expect(first.body).toMatchObject({ total: 120, next: 50 });
    expect((first.body.result as unknown[]).length).toBe(50);
    expect((first.body.result as { ID: string }[])[0]).toEqual({ ID: '1' });
    const last = await get(`${f.webhookUrl}crm.deal.list?select[]=ID&order[ID]=ASC&start=100`);
    expect(last.body.next).toBeUndefined();
    expect((last.body.result as unknown[]).length).toBe(20);
    expect((await get(`${f.webhookUrl}crm.deal.list?start=150`)).body.result).toEqual([]);
    const cursor = await post(`${f.webhookUrl}crm.deal.list`, { order: { ID: 'ASC' }, filter: { '>ID': 110 }, select: ['ID'], start: -1 });
    expect(cursor.body).toMatchObject({ total: 0 });
    expect(cursor.body.next).toBeUndefined();
    expect((cursor.body.result as { ID: string }[]).map((d) => d.ID)).toEqual(['111', '112', '113', '114', '115', '116', '117', '118', '119', '120']);
    expect(cursor.body.time).toMatchObject({ operating: 0, operating_reset_at: expect.any(Number) });
  });

  it('reads filter prefixes, FILTER in upper case, and camelCase task rows filtered in upper case', async () => {
    const f = await portal();
    const ids = async (filter: Record<string, unknown>) => ((await post(`${f.webhookUrl}crm.deal.list`, { FILTER: filter, select: ['ID'] })).body.result as { ID: string }[]).map((d) => d.ID);
    expect(await ids({ '@ID': [3, 5], '!ID': 5 })).toEqual(['3']);
    expect(await ids({ '>=ID': 119 })).toEqual(['119', '120']);
    expect(await ids({ '<ID': 3 })).toEqual(['1', '2']);
    expect((await ids({ '!@ID': Array.from({ length: 118 }, (_, i) => i + 1) }))).toEqual(['119', '120']);
    const tasks = await post(`${f.webhookUrl}tasks.task.list`, { filter: { '!UF_CRM_TASK': '' }, select: ['ID', 'UF_CRM_TASK'] });
    expect(((tasks.body.result as { tasks: { id: string }[] }).tasks).map((t) => t.id)).toEqual(['701', '702', '703', '704', '706']);
  });

  it('gives an activity\'s COMMUNICATIONS only when selected by name, and filters telephony by any field, a list as "any of"', async () => {
    fake = await startFakeBitrix(bitrixCallsFixture());
    const f = fake;
    const activity = async (select: string[]) => ((await post(`${f.webhookUrl}crm.activity.list`, { filter: { ID: '951' }, select })).body.result as Record<string, unknown>[])[0]!;
    expect(await activity(['*'])).not.toHaveProperty('COMMUNICATIONS');
    expect(await activity(['ID', 'OWNER_ID'])).toEqual({ ID: '951', OWNER_ID: '7' });
    expect((await activity(['*', 'COMMUNICATIONS'])).COMMUNICATIONS).toEqual([expect.objectContaining({ TYPE: 'PHONE', VALUE: '+79161234567' })]);

    const ids = async (FILTER: Record<string, unknown>) => ((await post(`${f.webhookUrl}voximplant.statistic.get`, { FILTER, SORT: 'ID', ORDER: 'ASC' })).body.result as { ID: string }[]).map((r) => r.ID);
    expect(await ids({ CRM_ACTIVITY_ID: ['951', '955', '999'] })).toEqual(['6001', '6003']);
    expect(await ids({ '>=CALL_START_DATE': b24Date(AT.outgoingBusy), '>ID': '6007' })).toEqual(['6008']);
    expect(await ids({ CALL_TYPE: '2', CALL_FAILED_CODE: '304' })).toEqual(['5001', '6001', '6005']);
  });

  it('runs batch with $result references and per-command errors, empty maps as [], and refuses nesting and 51 commands', async () => {
    const f = await portal();
    const answer = await post(`${f.webhookUrl}batch`, {
      halt: 0,
      cmd: {
        a: 'crm.deal.list?order%5BID%5D=ASC&select%5B%5D=ID&start=-1',
        b: 'crm.deal.list?order%5BID%5D=ASC&select%5B%5D=ID&filter%5B%3EID%5D=$result[a][49][ID]&start=-1',
        bad: 'crm.nothing.list',
        nested: 'batch?cmd%5Bx%5D=user.get',
      },
    });
    const result = answer.body.result as { result: Record<string, { ID: string }[]>; result_error: Record<string, { error: string }>; result_next: unknown };
    expect(result.result.b![0]).toEqual({ ID: '51' });
    expect(result.result_error.bad!.error).toBe('ERROR_METHOD_NOT_FOUND');
    expect(result.result_error.nested!.error).toBe('ERROR_BATCH_METHOD_NOT_ALLOWED');
    expect(result.result_next).toEqual([]);
    const tooMany = await post(`${f.webhookUrl}batch`, { cmd: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`c${i}`, 'user.get'])) });
    expect(tooMany).toMatchObject({ status: 400, body: { error: 'ERROR_BATCH_LENGTH_EXCEEDED' } });
  });

  it('answers a wrong secret with NO_AUTH_FOUND, a missing scope with insufficient_scope, an overfull bucket with 503', async () => {
    const f = await portal();
    expect(await get(`${f.baseUrl}/rest/1/wrong-secret/user.get`)).toMatchObject({ status: 401, body: { error: 'NO_AUTH_FOUND' } });
    f.setScopes(['crm']);
    expect(await get(`${f.webhookUrl}user.get`)).toMatchObject({ status: 403, body: { error: 'insufficient_scope' } });
    await fake!.close();
    fake = await startFakeBitrix(bitrixFixture(), { threshold: 3, drainPerSecond: 1 });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await get(`${fake.webhookUrl}crm.category.list?entityTypeId=2`)).status);
    expect(statuses).toEqual([200, 200, 200, 503, 503]);
  });
});
