import { describe, expect, it } from 'vitest';
import { isoWeekStart } from '../../src/crm/demo/calendar';
import { generateDemoAccount } from '../../src/crm/demo/generator';
import { chunksAt } from '../../src/crm/demo/snapshot-at';
import { ENTITY_NAMES, type Snapshot } from '../../src/crm/model';
import { translator } from '../../src/i18n';
import { defaultNorms } from '../../src/norms/defaults';
import { buildWeeklyReport } from '../../src/report/aggregate';
import { renderReport } from '../../src/report/build';
import { ALBUM_LIMIT } from '../../src/report/charts';
import { MAX_FUNNELS } from '../../src/report/funnel-view';
import { cardSize, funnelsSize, managerTrendSize } from '../../src/report/kpi-images';
import { SnapshotIndex } from '../../src/rules/snapshot-index';
import { PUBLIC_WORK_TIME } from '../../src/schedules/work-time';
import { CAPTION_LIMIT, MESSAGE_LIMIT } from '../../src/telegram-html';

// The demo account (10 managers, 5 pipelines) as a Monday-morning report sees it.
const AT = Date.parse('2026-11-23T06:00:00Z');
const snapshot = (() => {
  const account = Object.fromEntries(ENTITY_NAMES.map((e) => [e, []])) as unknown as Snapshot;
  for (const chunk of chunksAt(generateDemoAccount({ seed: 42, anchor: isoWeekStart(AT), scale: 1 }), AT)) (account[chunk.entity] as unknown[]).push(...chunk.rows);
  return new SnapshotIndex(account);
})();
const norms = defaultNorms('Europe/Moscow');
const [firstPipeline] = [...snapshot.pipelines.values()].sort((a, b) => a.sort - b.sort);
const keyStage = [...snapshot.stages.values()].find((s) => s.pipelineId === firstPipeline!.id && s.kind === 'open' && s.sort > 1)!;
norms.keyStages = { [firstPipeline!.id]: keyStage.id };
const data = buildWeeklyReport(snapshot, norms, PUBLIC_WORK_TIME, AT);

const pngSize = (png: Buffer) => ({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) });

describe('the weekly report on the demo account', () => {
  it('has the KPI card, every pipeline with movement, and a line per manager', () => {
    expect(data.kpis.rows.length).toBeGreaterThanOrEqual(8);
    expect(data.funnels).toHaveLength(5);
    expect(data.funnels.flatMap((f) => f.stages.filter((s) => s.key).map((s) => s.stageId))).toEqual([keyStage.id]);
    expect(data.funnels.every((f) => f.leakStageId !== null)).toBe(true);
    expect(data.managerTrend.lines.length).toBeGreaterThanOrEqual(8);
    expect(data.kpis.improvement ?? data.kpis.slide).not.toBeNull();
  });

  it.each(['ru', 'en'] as const)('%s: the album keeps within Telegram\'s ten photos and every text within its limits', async (locale) => {
    const rendered = await renderReport(data, 'Europe/Moscow', translator(locale));
    expect(rendered.charts.map((c) => c.name)).toEqual(['kpi-card', 'funnels', 'stages', 'managers', 'rate', 'manager-trend', 'trend', 'money']);
    expect(rendered.charts.length).toBeLessThanOrEqual(ALBUM_LIMIT);
    for (const chart of rendered.charts) expect(chart.caption.length).toBeLessThanOrEqual(CAPTION_LIMIT);
    for (const message of rendered.messages) expect(message.length).toBeLessThanOrEqual(MESSAGE_LIMIT);
    const size = Object.fromEntries(rendered.charts.map((c) => [c.name, pngSize(c.png)]));
    expect(size['kpi-card']).toEqual(cardSize(data.kpis.rows.length));
    expect(size.funnels).toEqual(funnelsSize(data.funnels.slice(0, MAX_FUNNELS)));
    expect(size['manager-trend']).toEqual(managerTrendSize(data.managerTrend.lines.length));
  });
});
