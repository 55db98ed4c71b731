/**
 * Draws docs/images/telegram-report.png: the demo's weekly report as the
 * sales heads' group sees it in Telegram (the album of charts, then the first
 * text message). Run with `npx tsx scripts/chat-preview.ts`; the image in the
 * README comes from here, not from an editor.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createCanvas, loadImage, registerFont, type CanvasRenderingContext2D } from 'canvas';
import { PUBLIC_WORK_TIME } from '../src/schedules/work-time';
import { FixedClock } from '../src/clock';
import { ENTITY_NAMES, type Snapshot } from '../src/crm/model';
import { createDemoConnector } from '../src/crm/demo/connector';
import { translator } from '../src/i18n';
import { defaultNorms } from '../src/norms/defaults';
import { renderWeeklyReport } from '../src/report/build';
import { SnapshotIndex } from '../src/rules/snapshot-index';

const AT = new Date('2026-11-23T09:00:00+03:00');
const WIDTH = 900;
const BUBBLE = 640;
const PAD = 28;
const FONTS = fileURLToPath(new URL('../assets/fonts/', import.meta.url));
const OUT = fileURLToPath(new URL('../docs/images/telegram-report.png', import.meta.url));

registerFont(`${FONTS}PTSans-Regular.ttf`, { family: 'PT Sans' });
registerFont(`${FONTS}PTSans-Bold.ttf`, { family: 'PT Sans', weight: 'bold' });

async function main(): Promise<void> {
  const connector = createDemoConnector({ seed: 42, clock: new FixedClock(AT) });
  const snapshot = Object.fromEntries(ENTITY_NAMES.map((e) => [e, []])) as unknown as Snapshot;
  for await (const chunk of connector.fetchFull()) (snapshot[chunk.entity] as unknown[]).push(...chunk.rows);
  const report = await renderWeeklyReport(new SnapshotIndex(snapshot), defaultNorms('Europe/Moscow'), PUBLIC_WORK_TIME, AT.getTime(), translator('ru'));
  const lines = htmlToLines(report.messages[0] ?? '');
  const images = await Promise.all(report.charts.map((c) => loadImage(c.png)));

  // The album: the first chart across, the rest two per row, as Telegram lays out 5 photos.
  const full = BUBBLE - 16;
  const half = (full - 6) / 2;
  const rows = [[images[0]!], ...pairs(images.slice(1))];
  const albumHeight = rows.reduce((h, row) => h + (row.length === 1 ? full : half) * (750 / 1200) + 6, 0);
  const textHeight = measureText(lines);
  const height = 70 + PAD + albumHeight + 40 + PAD + textHeight + 50 + PAD;

  const canvas = createCanvas(WIDTH, height);
  const g = canvas.getContext('2d');
  g.fillStyle = '#c8d7b8';
  g.fillRect(0, 0, WIDTH, height);
  header(g);

  let y = 70 + PAD;
  bubble(g, PAD, y, BUBBLE, albumHeight + 36);
  let top = y + 8;
  for (const row of rows) {
    const w = row.length === 1 ? full : half;
    const h = w * (750 / 1200);
    row.forEach((image, i) => g.drawImage(image, PAD + 8 + i * (half + 6), top, w, h));
    top += h + 6;
  }
  meta(g, PAD + BUBBLE - 60, y + albumHeight + 26);

  y += albumHeight + 36 + PAD;
  bubble(g, PAD, y, BUBBLE, textHeight + 40);
  drawText(g, lines, PAD + 18, y + 30);
  meta(g, PAD + BUBBLE - 60, y + textHeight + 30);

  writeFileSync(OUT, canvas.toBuffer('image/png'));
  process.stdout.write(`${OUT}\n`);
}

function header(g: CanvasRenderingContext2D): void {
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, WIDTH, 70);
  g.fillStyle = '#3b7dd8';
  g.beginPath();
  g.arc(42, 35, 22, 0, Math.PI * 2);
  g.fill();
  g.fillStyle = '#ffffff';
  g.font = 'bold 20px "PT Sans"';
  g.fillText('РП', 29, 42);
  g.fillStyle = '#000000';
  g.font = 'bold 22px "PT Sans"';
  g.fillText('Руководители продаж', 80, 32);
  g.fillStyle = '#8a8a8a';
  g.font = '17px "PT Sans"';
  g.fillText('6 участников, бот контроля качества', 80, 55);
}

function bubble(g: CanvasRenderingContext2D, x: number, y: number, w: number, h: number): void {
  g.fillStyle = '#ffffff';
  g.beginPath();
  g.roundRect(x, y, w, h, 14);
  g.fill();
}

function meta(g: CanvasRenderingContext2D, x: number, y: number): void {
  g.fillStyle = '#8a9aa6';
  g.font = '15px "PT Sans"';
  g.fillText('09:00', x, y);
}

interface Line {
  text: string;
  bold: boolean;
}

/** Telegram HTML → display lines: <b> lines bold, tags dropped, entities decoded, wrapped to the bubble. */
function htmlToLines(html: string): Line[] {
  const probe = createCanvas(10, 10).getContext('2d');
  const out: Line[] = [];
  for (const raw of html.split('\n')) {
    const bold = /^<b>.*<\/b>$/.test(raw.trim());
    const text = raw.replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
    probe.font = `${bold ? 'bold ' : ''}19px "PT Sans"`;
    let current = '';
    for (const word of text.split(' ')) {
      const next = current ? `${current} ${word}` : word;
      if (probe.measureText(next).width > BUBBLE - 40 && current) {
        out.push({ text: current, bold });
        current = word;
      } else current = next;
    }
    out.push({ text: current, bold });
  }
  return out;
}

function measureText(lines: readonly Line[]): number {
  return lines.length * 26;
}

function drawText(g: CanvasRenderingContext2D, lines: readonly Line[], x: number, y: number): void {
  lines.forEach((line, i) => {
    g.fillStyle = '#000000';
    g.font = `${line.bold ? 'bold ' : ''}19px "PT Sans"`;
    g.fillText(line.text, x, y + i * 26);
  });
}

function pairs<T>(items: readonly T[]): T[][] {
  const rows: T[][] = [];
  for (let i = 0; i < items.length; i += 2) rows.push(items.slice(i, i + 2));
  return rows;
}

main().catch((error: unknown) => {
  process.stderr.write(`chat-preview failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
