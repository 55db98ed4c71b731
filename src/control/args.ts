/**
 * `/digest` arguments, pure: show the settings, switch the morning digest or
 * the evening check on or off, or move the evening check. English words as
 * the README writes them, Russian as people type them.
 */
export type DigestCommand =
  | { kind: 'show' }
  | { kind: 'switch'; which: 'morning' | 'evening'; on: boolean }
  | { kind: 'evening-at'; time: string }
  /** A time for the morning digest: it has none of its own (each person's working start). */
  | { kind: 'morning-at' }
  /** Looked like a time but is none («25:00», «19:60»). */
  | { kind: 'bad-time'; value: string }
  | { kind: 'bad'; value: string };

const WHICH: Record<string, 'morning' | 'evening'> = {
  morning: 'morning', утро: 'morning', утром: 'morning', утренняя: 'morning', сводка: 'morning',
  evening: 'evening', вечер: 'evening', вечером: 'evening', вечерняя: 'evening', проверка: 'evening',
};
const SWITCH: Record<string, boolean> = { on: true, вкл: true, включить: true, off: false, выкл: false, выключить: false };

export function parseDigestArgs(text: string): DigestCommand {
  const value = text.trim();
  if (value === '') return { kind: 'show' };
  const [first = '', second = '', ...rest] = value.toLocaleLowerCase('ru').split(/\s+/);
  const which = WHICH[first];
  if (!which || rest.length > 0) return { kind: 'bad', value };
  const on = SWITCH[second];
  if (on !== undefined) return { kind: 'switch', which, on };
  if (/^\d{1,2}[:.]\d{2}$/.test(second)) {
    if (which === 'morning') return { kind: 'morning-at' };
    const time = parseClock(second);
    return time ? { kind: 'evening-at', time } : { kind: 'bad-time', value: second };
  }
  return { kind: 'bad', value };
}

/** «9:05», «19.30» → «09:05», «19:30»; null past 23:59. */
export function parseClock(text: string): string | null {
  const [hours, minutes] = text.split(/[:.]/).map(Number);
  if (hours === undefined || minutes === undefined || hours > 23 || minutes > 59) return null;
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}
