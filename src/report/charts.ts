import type { ChartConfiguration } from 'chart.js';
import { ChartJSNodeCanvas } from 'chartjs-node-canvas';
import type { Formatter } from '../format';
import type { Translator } from '../i18n';
import { CHART_HEIGHT, CHART_WIDTH, FONT_FAMILY } from './chart-style';
import { managersChart, moneyChart, rateChart, stagesChart, trendChart, type ChartSpec } from './chart-configs';
import { funnelsImage, kpiCardImage, managerTrendImage, type DrawnSpec } from './kpi-charts';
import { registerFonts } from './fonts';
import type { WeeklyReport } from './model';
import { CAPTION_LIMIT, truncate } from '../telegram-html';

/** One rendered chart: a PNG and its caption (≤ 1024 characters, plain text). */
export interface RenderedChart {
  name: string;
  png: Buffer;
  caption: string;
}

let renderer: ChartJSNodeCanvas | undefined;

/** The renderer, with the shipped Cyrillic font registered before any canvas exists. */
function chartRenderer(): ChartJSNodeCanvas {
  if (!renderer) {
    registerFonts();
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
  }
  return renderer;
}

/** Telegram's album holds at most ten photos. */
export const ALBUM_LIMIT = 10;

/**
 * The report's images in the order they are read: the KPI card and the
 * funnels first (what goes right and where deals stop), then where the
 * process breaks (stages, managers' shares, rates per 100 deals and each
 * manager's rate week by week), the totals' trend and the money at stake.
 * Eight at most: within an album's ten, whatever the account's size.
 */
const IMAGES: ((report: WeeklyReport, tr: Translator, fmt: Formatter) => ChartSpec | DrawnSpec | null)[] = [
  kpiCardImage,
  funnelsImage,
  stagesChart,
  managersChart,
  rateChart,
  managerTrendImage,
  trendChart,
  moneyChart,
];

/** Renders the weekly report's images as PNGs, in the order they are meant to be read, at most ALBUM_LIMIT. */
export async function renderCharts(report: WeeklyReport, tr: Translator, fmt: Formatter): Promise<RenderedChart[]> {
  const specs = IMAGES.map((build) => build(report, tr, fmt))
    .filter((spec): spec is ChartSpec | DrawnSpec => spec !== null)
    .slice(0, ALBUM_LIMIT);
  // Each image is drawn at once and its PNG encoded on libuv's thread pool: started together, one
  // image's encoding runs on the other core while the next is drawn.
  return Promise.all(
    specs.map(async (spec) => ({
      name: spec.name,
      png: await ('draw' in spec ? spec.draw() : chartRenderer().renderToBuffer(spec.config, 'image/png')),
      caption: truncate(spec.caption, CAPTION_LIMIT),
    })),
  );
}
