import { createCanvas } from 'canvas';
import { describe, expect, it } from 'vitest';
import { PUBLIC_WORK_TIME } from '../../src/schedules/work-time';
import { renderWeeklyReport } from '../../src/report/build';
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

  it('renders every chart as a 1200×750 PNG', () => {
    expect(rendered.charts.map((c) => c.name)).toEqual(['stages', 'managers', 'rate', 'trend', 'money']);
    for (const chart of rendered.charts) {
      expect(chart.png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
      expect(pngSize(chart.png)).toEqual({ width: 1200, height: 750 });
    }
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
    expect(clean.charts.map((c) => c.name)).toEqual(['trend']);
  });

  it('renders in English too', async () => {
    const english = await renderWeeklyReport(reportSnapshot(), defaultNorms('Europe/Moscow'), PUBLIC_WORK_TIME, REPORT_AT, translator('en'));
    expect(english.messages[0]).toContain('Sales quality control');
  });
});
