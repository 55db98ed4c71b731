import type { Plugin } from 'chart.js';
import type { RuleName } from '../norms/schema';

/** The family registered from assets/fonts; charts never depend on system fonts. */
export const FONT_FAMILY = 'PT Sans';
export const CHART_WIDTH = 1200;
export const CHART_HEIGHT = 750;

/** Warm colours for rules that are violations by default, cool ones for remarks. */
export const RULE_COLOURS: Record<RuleName, string> = {
  task_overdue: '#d64545',
  deal_without_task: '#f08c3c',
  first_contact_slow: '#e8b730',
  missed_call_not_returned: '#c25b2a',
  high_value_unattended: '#9b2c5e',
  stage_time_exceeded: '#3b7dd8',
  deal_lifetime_exceeded: '#6aa6e8',
  lost_without_reason: '#7a6fd0',
  task_without_deadline: '#4bb3a4',
  manager_overloaded: '#8c8c8c',
};

export const VIOLATION_COLOUR = '#d64545';
export const REMARK_COLOUR = '#3b7dd8';

/** A palette for categories without a meaning of their own (managers). */
export const PALETTE = ['#3b7dd8', '#d64545', '#f08c3c', '#4bb3a4', '#7a6fd0', '#e8b730', '#9b2c5e', '#6aa6e8', '#8c8c8c', '#5d9c59'];

/**
 * Writes each bar's value (the stack's total for stacked charts) at its end,
 * so the chart reads without tooltips: an image in a chat has none.
 */
export function barEndLabels(format: (value: number) => string): Plugin<'bar'> {
  return {
    id: 'barEndLabels',
    afterDatasetsDraw(chart) {
      const { ctx } = chart;
      const lastMeta = chart.getDatasetMeta(chart.data.datasets.length - 1);
      ctx.save();
      ctx.font = `bold 15px "${FONT_FAMILY}"`;
      ctx.fillStyle = '#333';
      ctx.textBaseline = 'middle';
      lastMeta.data.forEach((bar, index) => {
        const total = chart.data.datasets.reduce((sum, ds) => sum + Number(ds.data[index] ?? 0), 0);
        if (total <= 0) return;
        const { x, y } = bar.getProps(['x', 'y'], true) as { x: number; y: number };
        ctx.fillText(format(total), x + 6, y);
      });
      ctx.restore();
    },
  };
}
