import { registerFont } from 'canvas';
import { ASSETS_DIR } from '../paths';
import { FONT_FAMILY } from './chart-style';

const FONTS_DIR = `${ASSETS_DIR}fonts/`;
let registered = false;

/**
 * Registers the shipped Cyrillic font with node-canvas, once per process and
 * before any canvas is made: the Chart.js charts and the images drawn
 * directly (the KPI card, the funnels) use it, never system fonts.
 */
export function registerFonts(): void {
  if (registered) return;
  registerFont(`${FONTS_DIR}PTSans-Regular.ttf`, { family: FONT_FAMILY });
  registerFont(`${FONTS_DIR}PTSans-Bold.ttf`, { family: FONT_FAMILY, weight: 'bold' });
  registered = true;
}
