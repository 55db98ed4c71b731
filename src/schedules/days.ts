/**
 * Weekdays as people type them: ranges and lists of Russian or English short
 * names or ISO numbers («пн-пт», «пн,ср,пт», «mon-fri», «1-5»). Pure.
 */

const DAY_NAMES: Record<string, number> = {
  пн: 1, вт: 2, ср: 3, чт: 4, пт: 5, сб: 6, вс: 7,
  mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7,
  mo: 1, tu: 2, we: 3, th: 4, fr: 5, sa: 6, su: 7,
};

/** «пн-пт» → [1..5]; «пн,ср» → [1,3]; null when a part is not a day. */
export function parseDays(text: string): number[] | null {
  const days = new Set<number>();
  for (const part of text.toLowerCase().split(',').filter(Boolean)) {
    const [a, b] = part.split(/[-–—]/);
    const start = day(a);
    const end = b === undefined ? start : day(b);
    if (start === null || end === null || end < start) return null;
    for (let d = start; d <= end; d++) days.add(d);
  }
  return days.size > 0 ? [...days].sort((x, y) => x - y) : null;
}

function day(word: string | undefined): number | null {
  if (word === undefined) return null;
  const w = word.trim().replace(/\.$/, '');
  if (/^[1-7]$/.test(w)) return Number(w);
  return DAY_NAMES[w] ?? null;
}
