import { createCanvas, type Canvas, type CanvasRenderingContext2D } from 'canvas';
import type { Formatter } from '../format';
import type { Translator } from '../i18n';
import { median } from '../kpi/stats';
import { CHART_WIDTH, FONT_FAMILY } from './chart-style';
import { registerFonts } from './fonts';
import { formatFigure } from './kpi-format';
import type { Change, FunnelView, KpiColumn, KpiFigure, KpiFigures, ManagerTrend, WeeklyReport } from './model';

/**
 * The images a table or small multiples make clearer than a Chart.js chart,
 * drawn directly on node-canvas (the canvas chartjs-node-canvas draws on):
 * the KPI card, the funnels and each manager's trend. Each has a layout
 * (its size from what it holds, pure) and a drawing.
 */

const PAD = 30;
const WIDTH = CHART_WIDTH;
const INNER = WIDTH - 2 * PAD;
const TITLE_BLOCK = 96;

const INK = '#333';
const MUTED = '#888';
const RULE = '#dde1e6';
const GOOD = '#2e7d32';
const BAD = '#c62828';
const GOOD_BG = '#e6f4e7';
const BAD_BG = '#fdeaea';
const STRIPE = '#f7f8fa';
const MEDIAN_BG = '#e9f0fa';
const BAR = '#3b7dd8';
const KEY = '#7a6fd0';
const LEAK = '#d64545';

const font = (size: number, bold = false) => `${bold ? 'bold ' : ''}${size}px "${FONT_FAMILY}"`;

/** The text cut with «…» to fit `width` in the context's current font. */
export function fitText(ctx: CanvasRenderingContext2D, text: string, width: number): string {
  if (ctx.measureText(text).width <= width) return text;
  let cut = text;
  while (cut.length > 1 && ctx.measureText(`${cut}…`).width > width) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}

function canvasOf(height: number): { canvas: Canvas; ctx: CanvasRenderingContext2D } {
  registerFonts();
  const canvas = createCanvas(WIDTH, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = 'white';
  ctx.fillRect(0, 0, WIDTH, height);
  ctx.textBaseline = 'alphabetic';
  return { canvas, ctx };
}

/** The PNG, encoded on libuv's thread pool like Chart.js charts. */
function png(canvas: Canvas): Promise<Buffer> {
  return new Promise((done, failed) => canvas.toBuffer((error, buffer) => (error ? failed(error) : done(buffer)), 'image/png'));
}

function titleBlock(ctx: CanvasRenderingContext2D, title: string, subtitle: string): void {
  ctx.fillStyle = INK;
  ctx.font = font(26, true);
  ctx.fillText(fitText(ctx, title, INNER), PAD, 46);
  ctx.fillStyle = MUTED;
  ctx.font = font(16);
  ctx.fillText(fitText(ctx, subtitle, INNER), PAD, 76);
}

/** A triangle pointing up or down, coloured by whether the move is for the better. */
function arrow(ctx: CanvasRenderingContext2D, x: number, baseline: number, up: boolean, change: Change): void {
  if (change === 'same') {
    ctx.fillStyle = MUTED;
    ctx.fillRect(x, baseline - 8, 12, 3);
    return;
  }
  ctx.fillStyle = change === 'better' ? GOOD : BAD;
  ctx.beginPath();
  if (up) {
    ctx.moveTo(x, baseline - 2);
    ctx.lineTo(x + 12, baseline - 2);
    ctx.lineTo(x + 6, baseline - 13);
  } else {
    ctx.moveTo(x, baseline - 13);
    ctx.lineTo(x + 12, baseline - 13);
    ctx.lineTo(x + 6, baseline - 2);
  }
  ctx.closePath();
  ctx.fill();
}

// ---- The KPI card ----------------------------------------------------------

const CARD_COLUMNS: { id: KpiColumn; width: number }[] = [
  { id: 'newDeals', width: 130 },
  { id: 'reachedShare', width: 150 },
  { id: 'firstDial', width: 165 },
  { id: 'won', width: 215 },
  { id: 'tasksPerDay', width: 135 },
  { id: 'callsPerDay', width: 135 },
];
const NAME_WIDTH = INNER - CARD_COLUMNS.reduce((w, c) => w + c.width, 0);
const CARD_HEADER = 44;
const CARD_ROW = 58;
const CARD_FOOTER = 46;

/** The card's size: a title, the column heads, a row per manager, the team's median, a footnote. */
export function cardSize(rows: number): { width: number; height: number } {
  return { width: WIDTH, height: TITLE_BLOCK + CARD_HEADER + (rows + 1) * CARD_ROW + CARD_FOOTER };
}

export async function drawKpiCard(report: WeeklyReport, tr: Translator, fmt: Formatter): Promise<Buffer> {
  const { rows, median, left } = report.kpis;
  const { height } = cardSize(rows.length);
  const { canvas, ctx } = canvasOf(height);
  titleBlock(ctx, tr.t('kpi-card-title', { from: fmt.day(report.from), to: fmt.day(report.at) }), tr.t('kpi-card-subtitle'));

  let y = TITLE_BLOCK;
  ctx.font = font(15, true);
  ctx.fillStyle = MUTED;
  ctx.fillText(tr.t('kpi-card-manager'), PAD, y + 28);
  let x = PAD + NAME_WIDTH;
  for (const column of CARD_COLUMNS) {
    ctx.fillText(fitText(ctx, tr.t(`kpi-col-${column.id}`), column.width - 12), x, y + 28);
    x += column.width;
  }
  y += CARD_HEADER;
  ctx.fillStyle = RULE;
  ctx.fillRect(PAD, y - 2, INNER, 2);

  rows.forEach((row, i) => {
    if (i % 2 === 1) {
      ctx.fillStyle = STRIPE;
      ctx.fillRect(PAD, y, INNER, CARD_ROW);
    }
    cardRow(ctx, row.name, row.figures, y, false, tr, fmt);
    y += CARD_ROW;
  });
  ctx.fillStyle = MEDIAN_BG;
  ctx.fillRect(PAD, y, INNER, CARD_ROW);
  ctx.fillStyle = RULE;
  ctx.fillRect(PAD, y, INNER, 2);
  cardRow(ctx, tr.t('kpi-card-median'), median, y, true, tr, fmt);
  y += CARD_ROW;

  ctx.font = font(15);
  ctx.fillStyle = MUTED;
  const note = left > 0 ? `${tr.t('kpi-card-left', { count: left })} ${tr.t('kpi-card-note')}` : tr.t('kpi-card-note');
  ctx.fillText(fitText(ctx, note, INNER), PAD, y + 30);
  return png(canvas);
}

function cardRow(ctx: CanvasRenderingContext2D, name: string, figures: KpiFigures, y: number, median: boolean, tr: Translator, fmt: Formatter): void {
  ctx.font = font(18, true);
  ctx.fillStyle = INK;
  ctx.fillText(fitText(ctx, name, NAME_WIDTH - 14), PAD + 8, y + 35);
  let x = PAD + NAME_WIDTH;
  for (const column of CARD_COLUMNS) {
    const figure = figures[column.id];
    if (figure.change === 'better' || figure.change === 'worse') {
      ctx.fillStyle = figure.change === 'better' ? GOOD_BG : BAD_BG;
      ctx.fillRect(x - 6, y + 4, column.width - 8, CARD_ROW - 8);
    }
    const text = (side: 'now' | 'before') => cellText(column.id, figures, side, median, tr, fmt);
    ctx.font = font(20, true);
    ctx.fillStyle = INK;
    const now = fitText(ctx, text('now'), column.width - 34);
    ctx.fillText(now, x, y + 27);
    if (figure.change !== null) arrow(ctx, x + ctx.measureText(now).width + 6, y + 27, moved(figure), figure.change);
    ctx.font = font(14);
    ctx.fillStyle = MUTED;
    ctx.fillText(fitText(ctx, text('before'), column.width - 14), x, y + 48);
    x += column.width;
  }
}

const moved = (figure: KpiFigure) => (figure.now ?? 0) >= (figure.before ?? 0);

/** A cell's line for one week: the figure, «—» where there is none; deals won with their amount. */
function cellText(column: KpiColumn, figures: KpiFigures, side: 'now' | 'before', median: boolean, tr: Translator, fmt: Formatter): string {
  const value = figures[column][side];
  if (value === null) return '—';
  const text = formatFigure(column, value, tr, fmt);
  if (column !== 'won') return text;
  const count = figures.wonCount[side];
  // The median amount and the median count come from different managers: the median row gives the amount alone.
  if (median || count === null) return text;
  return count === 0 ? fmt.count(0) : `${fmt.count(count)} · ${text}`;
}

// ---- The funnels -----------------------------------------------------------

const PANEL_GAP = 30;
const PANEL_WIDTH = (INNER - PANEL_GAP) / 2;
const PANEL_HEAD = 36;
const STAGE_ROW = 34;
const PANEL_FOOT = 30;
const STAGE_NAME = 215;
const BAR_AREA = 215;
const LEGEND = 34;

const panelHeight = (funnel: FunnelView) => PANEL_HEAD + funnel.stages.length * STAGE_ROW + PANEL_FOOT + PANEL_GAP;

/** The funnels image's size: a title and legend, then the pipelines two to a row, each as tall as its stages. */
export function funnelsSize(funnels: readonly FunnelView[]): { width: number; height: number } {
  let height = TITLE_BLOCK + LEGEND;
  for (let i = 0; i < funnels.length; i += 2) height += Math.max(...funnels.slice(i, i + 2).map(panelHeight));
  return { width: WIDTH, height: height + PAD - PANEL_GAP };
}

export async function drawFunnels(funnels: readonly FunnelView[], report: WeeklyReport, tr: Translator, fmt: Formatter): Promise<Buffer> {
  const { height } = funnelsSize(funnels);
  const { canvas, ctx } = canvasOf(height);
  titleBlock(ctx, tr.t('kpi-funnel-title', { from: fmt.day(report.from), to: fmt.day(report.at) }), tr.t('kpi-funnel-subtitle'));
  let x = PAD;
  const swatch = (colour: string, label: string) => {
    ctx.fillStyle = colour;
    ctx.fillRect(x, TITLE_BLOCK + 4, 18, 18);
    ctx.fillStyle = INK;
    ctx.font = font(15);
    ctx.fillText(label, x + 26, TITLE_BLOCK + 19);
    x += 26 + ctx.measureText(label).width + 28;
  };
  swatch(BAR, tr.t('kpi-funnel-legend-entered'));
  if (funnels.some((f) => f.stages.some((s) => s.key))) swatch(KEY, tr.t('kpi-funnel-legend-key'));
  swatch(LEAK, tr.t('kpi-funnel-legend-leak'));

  let y = TITLE_BLOCK + LEGEND;
  for (let i = 0; i < funnels.length; i += 2) {
    const pair = funnels.slice(i, i + 2);
    pair.forEach((funnel, j) => funnelPanel(ctx, funnel, PAD + j * (PANEL_WIDTH + PANEL_GAP), y, tr, fmt));
    y += Math.max(...pair.map(panelHeight));
  }
  return png(canvas);
}

function funnelPanel(ctx: CanvasRenderingContext2D, funnel: FunnelView, x: number, y: number, tr: Translator, fmt: Formatter): void {
  ctx.fillStyle = INK;
  ctx.font = font(20, true);
  ctx.fillText(fitText(ctx, funnel.name, PANEL_WIDTH), x, y + 24);
  const widest = Math.max(1, ...funnel.stages.map((s) => s.entered));
  let rowY = y + PANEL_HEAD;
  for (const stage of funnel.stages) {
    const leak = stage.stageId === funnel.leakStageId;
    ctx.font = font(15, stage.key);
    ctx.fillStyle = stage.key ? KEY : INK;
    ctx.textAlign = 'right';
    ctx.fillText(fitText(ctx, stage.name, STAGE_NAME - 10), x + STAGE_NAME - 10, rowY + 22);
    ctx.textAlign = 'left';

    const barWidth = stage.entered === 0 ? 0 : Math.max(4, (BAR_AREA * stage.entered) / widest);
    const barX = x + STAGE_NAME + (BAR_AREA - barWidth) / 2;
    ctx.fillStyle = leak ? LEAK : stage.key ? KEY : BAR;
    ctx.fillRect(barX, rowY + 4, barWidth, STAGE_ROW - 8);
    // The key stage is said in words too, not by its colour alone.
    const label = stage.key ? `${fmt.count(stage.entered)} · ${tr.t('kpi-funnel-key-mark')}` : fmt.count(stage.entered);
    ctx.font = font(14, true);
    const labelWidth = ctx.measureText(label).width;
    if (labelWidth + 10 <= barWidth) {
      ctx.fillStyle = 'white';
      ctx.fillText(label, barX + (barWidth - labelWidth) / 2, rowY + 22);
    } else {
      ctx.fillStyle = stage.key ? KEY : INK;
      ctx.fillText(label, barX + barWidth + 6, rowY + 22);
    }

    ctx.font = font(15, leak);
    ctx.fillStyle = leak ? LEAK : INK;
    const conversion = stage.conversion === null ? '—' : tr.t('kpi-funnel-onward', { share: fmt.percent(stage.conversion) });
    ctx.fillText(fitText(ctx, conversion, PANEL_WIDTH - STAGE_NAME - BAR_AREA - 12), x + STAGE_NAME + BAR_AREA + 12, rowY + 22);
    rowY += STAGE_ROW;
  }
  const leak = funnel.stages.find((s) => s.stageId === funnel.leakStageId);
  ctx.font = font(14, leak !== undefined);
  ctx.fillStyle = leak ? LEAK : MUTED;
  const foot = leak
    ? tr.t('kpi-funnel-leak', { stage: leak.name, share: fmt.percent(leak.conversion ?? 0), moved: leak.movedForward, entered: leak.entered })
    : tr.t('kpi-funnel-no-leak');
  ctx.fillText(fitText(ctx, foot, PANEL_WIDTH), x, rowY + 22);
}


// ---- Each manager's trend --------------------------------------------------

const TREND_COLUMNS = 4;
const TREND_GAP = 20;
const TREND_PANEL_W = (INNER - (TREND_COLUMNS - 1) * TREND_GAP) / TREND_COLUMNS;
const TREND_PANEL_H = 170;

/** The trend image's size: a title, then the managers four to a row. */
export function managerTrendSize(lines: number): { width: number; height: number } {
  const rows = Math.ceil(lines / TREND_COLUMNS);
  return { width: WIDTH, height: TITLE_BLOCK + rows * (TREND_PANEL_H + TREND_GAP) - TREND_GAP + PAD };
}

/**
 * The scale every manager's panel shares: from the lowest to the highest
 * rate shown (the team's median too), widened to round numbers, and from 0
 * when the lowest is near it — so that a line's ups and downs show and
 * panels compare at a glance.
 */
export function trendScale(trend: ManagerTrend): { low: number; high: number } {
  const values = [...trend.lines.flatMap((l) => l.per100), ...trend.teamMedian].filter((v): v is number => v !== null);
  const min = Math.min(...values, Infinity);
  const max = Math.max(...values, 0);
  if (!Number.isFinite(min) || max === 0) return { low: 0, high: 10 };
  const step = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000].find((s) => (max - min) / s <= 5) ?? 1000;
  const low = min <= max * 0.3 ? 0 : Math.floor(min / step) * step;
  return { low, high: Math.max(low + step, Math.ceil(max / step) * step) };
}

export async function drawManagerTrend(report: WeeklyReport, tr: Translator, fmt: Formatter): Promise<Buffer> {
  const trend = report.managerTrend;
  const { height } = managerTrendSize(trend.lines.length);
  const { canvas, ctx } = canvasOf(height);
  const scale = trendScale(trend);
  titleBlock(ctx, tr.t('kpi-trend-title', { weeks: report.trend.length }), tr.t('kpi-trend-subtitle', scale));
  const weekEnds = report.trend.map((p) => p.weekEnd);
  trend.lines.forEach((line, i) => {
    const x = PAD + (i % TREND_COLUMNS) * (TREND_PANEL_W + TREND_GAP);
    const y = TITLE_BLOCK + Math.floor(i / TREND_COLUMNS) * (TREND_PANEL_H + TREND_GAP);
    trendPanel(ctx, { x, y, ...scale }, line.name, line.per100, line.change, trend.teamMedian, [fmt.day(weekEnds[0]!), fmt.day(weekEnds.at(-1)!)]);
  });
  return png(canvas);
}

function trendPanel(
  ctx: CanvasRenderingContext2D,
  box: { x: number; y: number; low: number; high: number },
  name: string,
  per100: readonly (number | null)[],
  change: Change | null,
  team: readonly (number | null)[],
  [first, last]: [string, string],
): void {
  const { x, y, low, high } = box;
  ctx.strokeStyle = RULE;
  ctx.lineWidth = 1;
  ctx.strokeRect(x + 0.5, y + 0.5, TREND_PANEL_W - 1, TREND_PANEL_H - 1);

  const colour = change === 'better' ? GOOD : change === 'worse' ? BAD : BAR;
  const now = per100.at(-1) ?? null;
  ctx.font = font(22, true);
  ctx.fillStyle = colour;
  const value = now === null ? '—' : String(Math.round(now));
  const valueWidth = ctx.measureText(value).width;
  ctx.fillText(value, x + TREND_PANEL_W - 12 - valueWidth, y + 30);
  const baseline = median(per100.slice(0, -1).filter((v): v is number => v !== null));
  if (change !== null && now !== null && baseline !== null) arrow(ctx, x + TREND_PANEL_W - 30 - valueWidth, y + 29, now >= baseline, change);
  ctx.font = font(16, true);
  ctx.fillStyle = INK;
  ctx.fillText(fitText(ctx, name, TREND_PANEL_W - valueWidth - 56), x + 12, y + 28);

  const plot = { left: x + 14, right: x + TREND_PANEL_W - 14, top: y + 46, bottom: y + TREND_PANEL_H - 30 };
  const px = (i: number) => plot.left + ((plot.right - plot.left) * i) / Math.max(1, per100.length - 1);
  const py = (v: number) => plot.bottom - ((plot.bottom - plot.top) * (Math.min(Math.max(v, low), high) - low)) / (high - low);
  ctx.fillStyle = RULE;
  ctx.fillRect(plot.left, plot.top, plot.right - plot.left, 1);
  ctx.fillRect(plot.left, plot.bottom, plot.right - plot.left, 1);

  polyline(ctx, team, px, py, { colour: MUTED, width: 2, dash: [6, 5] });
  polyline(ctx, per100, px, py, { colour, width: 3, dash: [] });
  ctx.fillStyle = colour;
  per100.forEach((v, i) => {
    if (v === null) return;
    ctx.beginPath();
    ctx.arc(px(i), py(v), i === per100.length - 1 ? 5 : 3, 0, 2 * Math.PI);
    ctx.fill();
  });

  ctx.font = font(13);
  ctx.fillStyle = MUTED;
  ctx.fillText(first, plot.left, y + TREND_PANEL_H - 10);
  const lastWidth = ctx.measureText(last).width;
  ctx.fillText(last, plot.right - lastWidth, y + TREND_PANEL_H - 10);
}

/** A line through the values, broken where a week has none. */
function polyline(
  ctx: CanvasRenderingContext2D,
  values: readonly (number | null)[],
  px: (i: number) => number,
  py: (v: number) => number,
  style: { colour: string; width: number; dash: number[] },
): void {
  ctx.save();
  ctx.strokeStyle = style.colour;
  ctx.lineWidth = style.width;
  ctx.setLineDash(style.dash);
  ctx.lineJoin = 'round';
  ctx.beginPath();
  let drawing = false;
  values.forEach((v, i) => {
    if (v === null) {
      drawing = false;
      return;
    }
    if (drawing) ctx.lineTo(px(i), py(v));
    else ctx.moveTo(px(i), py(v));
    drawing = true;
  });
  ctx.stroke();
  ctx.restore();
}

