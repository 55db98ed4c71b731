import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { FluentBundle, FluentResource, type FluentVariable } from '@fluent/bundle';
import { ASSETS_DIR } from './paths';

/**
 * User-facing text lives in Fluent files, Russian first: the common messages
 * in assets/locales/<locale>.ftl, a feature's own in assets/locales/<locale>/
 * <feature>.ftl (read in name order; an id defined twice is an error). Code outside a Telegram update (reports, the CLI, schedulers) asks a
 * Translator for a message by id; a missing id is a bug and throws.
 */
export const LOCALES = ['ru', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'ru';

export type MessageVars = Record<string, FluentVariable>;

export interface Translator {
  readonly locale: Locale;
  t(id: string, vars?: MessageVars): string;
  has(id: string): boolean;
}

const LOCALES_DIR = `${ASSETS_DIR}locales/`;
const translators = new Map<Locale, Translator>();

/** The translator for a locale, loaded once per process. */
export function translator(locale: Locale = DEFAULT_LOCALE): Translator {
  let cached = translators.get(locale);
  if (!cached) {
    cached = createTranslator(locale, localeSource(locale));
    translators.set(locale, cached);
  }
  return cached;
}

/** All Fluent source of a locale: its main file, then its feature files. */
export function localeSource(locale: Locale): string {
  const dir = `${LOCALES_DIR}${locale}/`;
  const features = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.ftl')).sort() : [];
  return [`${LOCALES_DIR}${locale}.ftl`, ...features.map((f) => `${dir}${f}`)].map((path) => readFileSync(path, 'utf8')).join('\n');
}

/** Builds a translator from Fluent source; exported for tests of the locale files. */
export function createTranslator(locale: Locale, source: string): Translator {
  // No Unicode isolation marks: Telegram and files would show them as stray characters.
  const bundle = new FluentBundle(locale, { useIsolating: false });
  const resource = new FluentResource(source);
  const broken = brokenMessages(source, resource);
  if (broken.length > 0) throw new Error(`${locale}.ftl: syntax error in message(s) ${broken.join(', ')}; check their braces and indentation`);
  const errors = bundle.addResource(resource);
  if (errors.length > 0) throw new Error(`${locale}.ftl: ${errors.map((e) => e.message).join('; ')}`);
  return {
    locale,
    has: (id) => bundle.hasMessage(id),
    t(id, vars) {
      const pattern = bundle.getMessage(id)?.value;
      if (!pattern) throw new Error(`message "${id}" is missing from ${locale}.ftl`);
      const problems: Error[] = [];
      const text = bundle.formatPattern(pattern, vars, problems);
      if (problems.length > 0) throw new Error(`message "${id}" (${locale}): ${problems.map((e) => e.message).join('; ')}`);
      return text;
    },
  };
}

/**
 * Fluent skips a message it cannot parse without a word; a message written in
 * the file but absent from the parsed resource is such a casualty.
 */
function brokenMessages(source: string, resource: FluentResource): string[] {
  const parsed = new Set(resource.body.map((entry) => entry.id));
  const written = [...source.matchAll(/^([a-zA-Z][\w-]*)\s*=/gm)].map((m) => m[1]!);
  return written.filter((id) => !parsed.has(id));
}

/** The locale for a Telegram language code or a user's choice: Russian unless English is asked for. */
export function pickLocale(code: string | undefined | null): Locale {
  return code?.toLowerCase().startsWith('en') ? 'en' : DEFAULT_LOCALE;
}
