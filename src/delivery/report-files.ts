import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ReportMessages } from './report-delivery';
import { escapeHtml } from '../telegram-html';

/**
 * Delivery without a bot token: the report goes to a folder, one file per
 * Telegram message it would have sent (HTML texts, PNG charts with their
 * captions), plus an index.html to look at it all in a browser.
 * Returns the paths written, in reading order.
 */
export function writeReportFiles(report: ReportMessages, dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  removePreviousReport(dir);
  const paths: string[] = [];
  const write = (name: string, content: string | Buffer) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    paths.push(path);
  };
  report.messages.forEach((html, i) => write(`message-${i + 1}.html`, html));
  report.charts.forEach((chart, i) => {
    write(`chart-${i + 1}-${chart.name}.png`, chart.png);
    write(`chart-${i + 1}-${chart.name}.caption.txt`, chart.caption);
  });
  write('index.html', previewPage(report));
  return paths;
}

/** A shorter report must not leave message-5.html of a longer one behind. */
function removePreviousReport(dir: string): void {
  for (const name of readdirSync(dir)) {
    if (/^(message-\d+\.html|chart-\d+-.+\.(png|caption\.txt)|index\.html)$/.test(name)) rmSync(join(dir, name));
  }
}

function previewPage(report: ReportMessages): string {
  const messages = report.messages.map((html) => `<div class="msg">${html.replace(/\n/g, '<br>')}</div>`).join('\n');
  const charts = report.charts
    .map((c, i) => `<figure><img src="chart-${i + 1}-${c.name}.png" width="600"><figcaption>${escapeHtml(c.caption)}</figcaption></figure>`)
    .join('\n');
  return `<!doctype html><meta charset="utf-8"><title>Weekly report</title>
<style>body{font-family:sans-serif;max-width:640px;margin:2em auto}.msg{background:#eef5ff;border-radius:12px;padding:12px;margin:12px 0}figcaption{color:#555}</style>
${charts}
${messages}
`;
}

