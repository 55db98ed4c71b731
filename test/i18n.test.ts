import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FluentResource } from '@fluent/bundle';
import { describe, expect, it } from 'vitest';
import { createFormatter } from '../src/format';
import { createTranslator, localeSource, LOCALES, pickLocale, translator, type Locale } from '../src/i18n';
import { ADMIN_COMMANDS } from '../src/bot/commands';
import { NORM_PARAMS } from '../src/norms/edit';
import { RULE_NAMES } from '../src/norms/schema';

const source = (locale: Locale) => localeSource(locale);

/** Message ids as the Fluent runtime parser sees them (broken entries are silently dropped). */
const parsedIds = (src: string) => new Set(new FluentResource(src).body.map((entry) => entry.id));

/** Message ids as written: every `id = …` line. */
const writtenIds = (src: string) => new Set([...src.matchAll(/^([a-z][\w-]*) =/gm)].map((m) => m[1]));

const minus = (a: Set<unknown>, b: Set<unknown>) => [...a].filter((x) => !b.has(x));

const ISOLATION_MARKS = /[\u2068\u2069]/;

describe('locale files', () => {
  it('ru.ftl and en.ftl define exactly the same message ids', () => {
    const ru = parsedIds(source('ru'));
    const en = parsedIds(source('en'));
    expect({ onlyInRu: minus(ru, en), onlyInEn: minus(en, ru) }).toEqual({ onlyInRu: [], onlyInEn: [] });
    expect(ru.size).toBeGreaterThan(50);
  });

  it.each(LOCALES)('%s.ftl: every message written in the file parses', (locale) => {
    const src = source(locale);
    const written = writtenIds(src);
    const parsed = parsedIds(src);
    expect({ brokenOrMissing: minus(written, parsed), unexpected: minus(parsed, written) }).toEqual({ brokenOrMissing: [], unexpected: [] });
  });

  it.each(LOCALES)('%s.ftl: has a name and a finding text for every rule, and both severities', (locale) => {
    const tr = translator(locale);
    const needed = [...RULE_NAMES.flatMap((rule) => [`rule-${rule}`, `finding-${rule}`]), 'severity-violation', 'severity-remark'];
    expect(needed.filter((id) => !tr.has(id))).toEqual([]);
  });
});

describe('translator', () => {
  it('knows the two locales, Russian first', () => {
    expect(LOCALES).toEqual(['ru', 'en']);
  });

  it('loads each locale once', () => {
    expect(translator('en')).toBe(translator('en'));
    expect(translator('ru').locale).toBe('ru');
    expect(translator().locale).toBe('ru');
  });

  it.each<[Locale, string]>([
    ['ru', 'Просроченные задачи'],
    ['en', 'Overdue tasks'],
  ])('%s: translates a message by id', (locale, expected) => {
    expect(translator(locale).t('rule-task_overdue')).toBe(expected);
  });

  it('throws on a missing id, naming it', () => {
    expect(() => translator('ru').t('no-such-message')).toThrow('"no-such-message" is missing from ru.ftl');
  });

  it('throws on a missing variable instead of printing a placeholder', () => {
    expect(() => translator('ru').t('money')).toThrow('$amount');
  });

  it('throws on a message id defined twice', () => {
    expect(() => createTranslator('ru', 'hello = Привет\nhello = Здравствуйте\n')).toThrow('hello');
  });

  // Known bug: FluentResource drops broken entries silently and addResource only
  // reports duplicates, so a syntax error is never reported by createTranslator.
  it('throws on a syntax error in the source', () => {
    expect(() => createTranslator('ru', 'hello = Привет, { $name\nbye = Пока\n')).toThrow(/syntax/);
  });

  it.each([
    [1, '• 1 сделка осталась без задачи.'],
    [2, '• 2 сделки остались без задачи.'],
    [3, '• 3 сделки остались без задачи.'],
    [5, '• 5 сделок остались без задачи.'],
    [11, '• 11 сделок остались без задачи.'],
    [21, '• 21 сделка осталась без задачи.'],
    [0, '• 0 сделок остались без задачи.'],
  ])('Russian plural: count %i → "%s…"', (count, start) => {
    const text = translator('ru').t('rec-no-task', { count });
    expect(text.slice(0, start.length)).toBe(start);
  });

  it.each(LOCALES)('%s: adds no Unicode isolation marks around variables', (locale) => {
    const text = translator(locale).t('report-manager-line', { name: 'Иван', total: 3, per100: '1,5' });
    expect(text).toBe('• Иван — 3 · 1,5');
    expect(text).not.toMatch(ISOLATION_MARKS);
  });
});

describe('pickLocale', () => {
  it.each<[string | undefined | null, Locale]>([
    ['en', 'en'],
    ['en-US', 'en'],
    ['EN-gb', 'en'],
    ['ru', 'ru'],
    ['uk', 'ru'],
    ['de', 'ru'],
    ['', 'ru'],
    [undefined, 'ru'],
    [null, 'ru'],
  ])('%j → %s', (code, expected) => {
    expect(pickLocale(code)).toBe(expected);
  });
});

describe('createFormatter (ru, Europe/Moscow)', () => {
  const format = createFormatter(translator('ru'), 'Europe/Moscow');
  /** Intl puts no-break spaces (U+00A0 / U+202F) between digit groups; compare with plain spaces. */
  const plain = (text: string) => text.replace(/\s/g, ' ');
  const MIN = 60_000;

  it.each([
    ['nothing', 0, '0 мин'],
    ['under a minute', 59_000, '0 мин'],
    ['a negative span', -5 * MIN, '0 мин'],
    ['5 minutes', 5 * MIN, '5 мин'],
    ['exactly an hour', 60 * MIN, '1 ч'],
    ['135 minutes', 135 * MIN, '2 ч 15 мин'],
    ['3 days 4 h 10 min (two largest units)', (3 * 1440 + 4 * 60 + 10) * MIN, '3 дн 4 ч'],
    ['exactly a day', 1440 * MIN, '1 дн'],
    ['a day and 5 minutes (hours are zero, minutes are past two units)', (1440 + 5) * MIN, '1 дн'],
  ])('duration of %s → %s', (_, ms, expected) => {
    expect(format.duration(ms)).toBe(expected);
  });

  it.each([
    [4_350_000, '4 350 000 ₽'],
    [0, '0 ₽'],
    [999.6, '1 000 ₽'],
  ])('money %d → %s', (amount, expected) => {
    expect(plain(format.money(amount))).toBe(expected);
  });

  it.each([
    [1_250_000, '1,3 млн ₽'],
    [2_000_000, '2 млн ₽'],
    [45_000, '45 тыс. ₽'],
    [1_500, '1,5 тыс. ₽'],
    [950, '950 ₽'],
    [999_950, '1 млн ₽'],
  ])('short money %d → %s', (amount, expected) => {
    expect(plain(format.moneyShort(amount))).toBe(expected);
  });

  it('shows date and time in the account time zone', () => {
    const at = Date.parse('2026-11-23T06:30:00Z');
    expect(format.dateTime(at)).toBe('23.11, 09:30');
    expect(createFormatter(translator('ru'), 'Asia/Novosibirsk').dateTime(at)).toBe('23.11, 13:30');
  });

  it('shows the day in the account time zone', () => {
    // 22:30 UTC is already the next day in Moscow.
    expect(format.day(Date.parse('2026-11-22T22:30:00Z'))).toBe('23 нояб.');
  });

  it('formats counts and percents', () => {
    expect(plain(format.count(1_234_567))).toBe('1 234 567');
    expect(format.percent(0.255)).toBe('26%');
  });
});

describe('createFormatter (en)', () => {
  const format = createFormatter(translator('en'), 'Europe/Moscow');

  it('uses English units, money and dates', () => {
    expect(format.duration(135 * 60_000)).toBe('2 h 15 min');
    expect(format.money(4_350_000)).toBe('RUB 4,350,000');
    expect(format.moneyShort(1_250_000)).toBe('RUB 1.3M');
    expect(format.dateTime(Date.parse('2026-11-23T06:30:00Z'))).toBe('23/11, 09:30');
  });
});

describe('messages the code asks for', () => {
  const sources = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [readFileSync(join(dir, entry.name), 'utf8')] : [],
    );
  const code = sources(fileURLToPath(new URL('../src', import.meta.url))).join('\n');
  // Literal ids in t('…') and ctx.t('…') calls.
  const literal = [...new Set([...code.matchAll(/\bt\('([a-z][a-z0-9-]*)'/g)].map((m) => m[1]!))];

  it.each(LOCALES)('%s.ftl has every message id the code uses literally', (locale) => {
    const tr = translator(locale);
    expect(literal.length).toBeGreaterThan(100);
    expect(literal.filter((id) => !tr.has(id))).toEqual([]);
  });

  it.each(LOCALES)('%s.ftl has every member of the message families built from parts', (locale) => {
    const tr = translator(locale);
    const families = [
      ...ADMIN_COMMANDS.map((c) => `cmd-${c}`),
      ...NORM_PARAMS.map((p) => `norm-param-${p.rule}-${p.field}`),
      ...['minutes', 'hours', 'days', 'count', 'money'].flatMap((u) => [`setnorm-ask-value-${u}`, `setnorm-bad-value-${u}`]),
      ...['ok', 'failed', 'running'].map((s) => `status-last-sync-${s}`),
      ...['unknown', 'used', 'expired'].map((r) => `link-code-${r}`),
      ...['manager', 'supervisor', 'escalation'].map((a) => `ping-${a}`),
    ];
    expect(families.filter((id) => !tr.has(id))).toEqual([]);
  });
});
