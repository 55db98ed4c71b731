import { fileURLToPath } from 'node:url';
import type { ChartConfiguration } from 'chart.js';
import { ChartJSNodeCanvas } from 'chartjs-node-canvas';
import type { Formatter } from '../format';
import type { Translator } from '../i18n';
import { CHART_HEIGHT, CHART_WIDTH, FONT_FAMILY } from './chart-style';
import { managersChart, moneyChart, rateChart, stagesChart, trendChart, type ChartSpec } from './chart-configs';
import type { WeeklyReport } from './model';
import { CAPTION_LIMIT, truncate } from '../telegram-html';

/** One rendered chart: a PNG and its caption (≤ 1024 characters, plain text). */
export interface RenderedChart {
  name: string;
  png: Buffer;
  caption: string;
}

const FONTS_DIR = fileURLToPath(new URL('../../assets/fonts/', import.meta.url));
let renderer: ChartJSNodeCanvas | undefined;

/** The renderer, with the shipped Cyrillic font registered before any canvas exists. */
function chartRenderer(): ChartJSNodeCanvas {
  if (!renderer) {
    renderer = new ChartJSNodeCanvas({
      width: CHART_WIDTH,
      height: CHART_HEIGHT,
      backgroundColour: 'white',
      chartCallback: (ChartJS) => {
        ChartJS.defaults.font.family = FONT_FAMILY;
        ChartJS.defaults.font.size = 16;
        ChartJS.defaults.color = '#333';
        ChartJS.defaults.animation = false;
      },
    });
    renderer.registerFont(`${FONTS_DIR}PTSans-Regular.ttf`, { family: FONT_FAMILY });
    renderer.registerFont(`${FONTS_DIR}PTSans-Bold.ttf`, { family: FONT_FAMILY, weight: 'bold' });
  }
  return renderer;
}

/** Renders the weekly report's charts as PNGs, in the order they are meant to be read. */
export async function renderCharts(report: WeeklyReport, tr: Translator, fmt: Formatter): Promise<RenderedChart[]> {
  const specs = [stagesChart, managersChart, rateChart, trendChart, moneyChart]
    .map((build) => build(report, tr, fmt))
    .filter((spec): spec is ChartSpec => spec !== null);
  // Each chart is drawn at once and its PNG encoded on libuv's thread pool: started together, one
  // chart's encoding runs on the other core while the next is drawn.
  return Promise.all(
    specs.map(async (spec) => ({ name: spec.name, png: await chartRenderer().renderToBuffer(spec.config, 'image/png'), caption: truncate(spec.caption, CAPTION_LIMIT) })),
  );
}
