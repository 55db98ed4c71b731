import { createCanvas } from 'canvas';
import { describe, expect, it } from 'vitest';
import { PUBLIC_WORK_TIME } from '../../src/schedules/work-time';
import { renderReport, renderWeeklyReport } from '../../src/report/build';
import { cardSize, funnelsSize, managerTrendSize } from '../../src/report/kpi-images';
import type { WeeklyReport } from '../../src/report/model';
import { FONT_FAMILY } from '../../src/report/chart-style';
import { CAPTION_LIMIT, MESSAGE_LIMIT } from '../../src/telegram-html';
import { translator } from '../../src/i18n';
import { defaultNorms } from '../../src/norms/defaults';
import { onlyRule } from '../support/fixture';
import { REPORT_AT, reportSnapshot } from '../support/report-fixture';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from a PNG's IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('rendered weekly report', async () => {
  const rendered = await renderWeeklyReport(reportSnapshot(), onlyRule('task_overdue'), PUBLIC_WORK_TIME, REPORT_AT, translator('ru'));

  it('writes the headline in Russian with the week-over-week change', () => {
    const text = rendered.messages.join('\n');
    expect(text).toContain('Нарушений: <b>8</b> (▲ 700% к прошлой неделе)');
    expect(text).toContain('<b>Ипполит</b> — 5 · 50');
    expect(text).toContain('<b>Анна</b> — 2 · 20');
    expect(text).toContain('<b>Сергей</b> — 1 · мало сделок для сравнения');
    expect(text.replace(/\s/g, ' ')).toContain('501 000 ₽');
  });

  it('keeps every message and caption within Telegram limits', () => {
    expect(rendered.messages.length).toBeGreaterThan(0);
    for (const message of rendered.messages) expect(message.length).toBeLessThanOrEqual(MESSAGE_LIMIT);
    for (const chart of rendered.charts) expect(chart.caption.length).toBeLessThanOrEqual(CAPTION_LIMIT);
  });

  it('renders the album in reading order: the Chart.js charts at 1200×750, the drawn images at their layout\'s size', () => {
    expect(rendered.charts.map((c) => c.name)).toEqual(['kpi-card', 'funnels', 'stages', 'managers', 'rate', 'manager-trend', 'trend', 'money']);
    const drawn: Record<string, { width: number; height: number }> = {
      // Анна and Ипполит, then the team's median.
      'kpi-card': cardSize(2),
      funnels: funnelsSize(rendered.data.funnels),
      'manager-trend': managerTrendSize(2),
    };
    for (const chart of rendered.charts) {
      expect(chart.png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
      expect(pngSize(chart.png)).toEqual(drawn[chart.name] ?? { width: 1200, height: 750 });
    }
    expect(cardSize(2)).toEqual({ width: 1200, height: 360 });
    // A title and legend (130), one pipeline of two stages (36 + 2 × 34 + 30), a margin.
    expect(funnelsSize(rendered.data.funnels)).toEqual({ width: 1200, height: 294 });
  });

  it('names the strongest change and where the funnel loses most, under the headline', () => {
    const text = rendered.messages.join('\n');
    expect(text).toContain(
      [
        '<b>Показатели недели</b>',
        '📈 <b>Анна</b>: новых сделок — 0 → 6. Что сработало? Стоит рассказать команде.',
        '🔻 Воронка «Продажи»: больше всего теряем на этапе «Контакт установлен» — дальше пошли 80% (4 из 5).',
      ].join('\n'),
    );
  });

  it('asks about a slide, not judges it, and gives last week\'s conversion where there was one', async () => {
    const { data } = rendered;
    const slid: WeeklyReport = {
      ...data,
      kpis: { ...data.kpis, improvement: null, slide: { managerId: 'm1', name: 'Ипполит <Старший>', column: 'reachedShare', now: 0.62, before: 0.85, score: -0.32 } },
      funnels: data.funnels.map((f) => ({ ...f, stages: f.stages.map((s) => ({ ...s, previousConversion: 0.9 })) })),
    };
    const text = (await renderReport(slid, 'Europe/Moscow', translator('ru'))).messages.join('\n');
    expect(text).toContain(
      [
        '📉 <b>Ипполит &lt;Старший&gt;</b>: доля лидов, до которых дозвонились вовремя — 85% → 62%. Что изменилось на неделе — поток лидов, отпуск, сложные сделки? Хороший вопрос для разговора один на один.',
        '🔻 Воронка «Продажи»: больше всего теряем на этапе «Контакт установлен» — дальше пошли 80% (4 из 5), неделей раньше — 90%.',
      ].join('\n'),
    );
    const quiet: WeeklyReport = { ...data, kpis: { ...data.kpis, improvement: null, slide: null } };
    expect((await renderReport(quiet, 'Europe/Moscow', translator('ru'))).messages.join('\n')).toContain(
      'Заметных перемен в показателях менеджеров нет: всё в пределах четверти от прошлой недели.',
    );
  });

  it('keeps the busiest pipelines in the funnels image and the managers with most deals on the card, and says where the rest are', async () => {
    const { data } = rendered;
    const funnels = Array.from({ length: 8 }, (_, i) => ({ ...data.funnels[0]!, pipelineId: `p${i}`, name: `Воронка ${i + 1}` }));
    const rows = Array.from({ length: 15 }, (_, i) => ({ ...data.kpis.rows[0]!, managerId: `m${i}`, name: `Менеджер ${i + 1}` }));
    const crowded: WeeklyReport = { ...data, funnels, kpis: { ...data.kpis, rows, left: 4 } };
    const { charts } = await renderReport(crowded, 'Europe/Moscow', translator('ru'));
    const chart = (name: string) => charts.find((c) => c.name === name)!;
    expect(pngSize(chart('funnels').png)).toEqual(funnelsSize(funnels.slice(0, 6)));
    expect(chart('funnels').caption).toContain('Ещё 2 воронки — в выгрузке /export.');
    expect(pngSize(chart('kpi-card').png)).toEqual(cardSize(15));
    expect(chart('kpi-card').caption).toContain('Ещё 4 менеджера — в выгрузке /export.');
  });

  it('draws Cyrillic with the shipped font, not with missing-glyph boxes', () => {
    // Missing glyphs are drawn as boxes of one width; real letters differ (Ж is wide, Г narrow).
    const ctx = createCanvas(200, 100).getContext('2d');
    ctx.font = `40px "${FONT_FAMILY}"`;
    const wide = ctx.measureText('Ж').width;
    const narrow = ctx.measureText('Г').width;
    expect(narrow).toBeGreaterThan(0);
    expect(wide / narrow).toBeGreaterThan(1.4);
  });

  it('says there is nothing to fix when the week is clean, and skips empty charts', async () => {
    const clean = await renderWeeklyReport(reportSnapshot(), onlyRule('lost_without_reason'), PUBLIC_WORK_TIME, REPORT_AT, translator('ru'));
    expect(clean.messages.join('\n')).toContain('нарушений и замечаний нет');
    // The KPIs and the funnel are news on a clean week too; every rate of every week is zero: no per-manager lines.
    expect(clean.messages.join('\n')).toContain('<b>Показатели недели</b>');
    expect(clean.charts.map((c) => c.name)).toEqual(['kpi-card', 'funnels', 'trend']);
  });

  it('renders in English too', async () => {
    const english = await renderWeeklyReport(reportSnapshot(), defaultNorms('Europe/Moscow'), PUBLIC_WORK_TIME, REPORT_AT, translator('en'));
    expect(english.messages[0]).toContain('Sales quality control');
    expect(english.messages[0]).toContain('📈 <b>Анна</b>: new deals — 0 → 6. What worked? Worth sharing with the team.');
  });
});
