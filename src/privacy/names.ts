import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import Az from 'az';
import { MASK } from './contacts';

/**
 * People's names in Russian free text, found by Az.js: a morphological
 * analyser over the OpenCorpora dictionary, whose parses mark first names
 * (`Name`), surnames (`Surn`) and patronymics (`Patr`) in every case form
 * («Ольге», «Смирновой», «Сергеевна») and guess unknown words by their
 * endings. A list of names would miss the declined forms and most surnames.
 */

const NAME_GRAMMEMES = ['Name', 'Surn', 'Patr'] as const;

/** A word (letters, with inner hyphens or apostrophes: «Римский-Корсаков», «Д'Артаньян»). */
const WORD = /\p{L}+(?:['’-]\p{L}+)*/gu;
/** Initials after or before a surname: «И.И.», «И. И.», «И.И», «П.». */
const INITIALS = /(?<!\p{L})\p{Lu}\.(?:\s?\p{Lu}(?!\p{L})\.?)?/gu;

let loaded = false;

/**
 * Loads the dictionaries (about 12 MB, a quarter of a second) the first time
 * a name is looked up. Az reads them through its own asynchronous `load` and
 * counts the files still loading; a `load` that reads each file at once and
 * answers after `init` has asked for all of them keeps that count right and
 * finishes the whole init inside this call, so masking stays a plain
 * function with no start-up order to get wrong.
 */
function ensureLoaded(): void {
  if (loaded) return;
  const dicts = join(dirname(createRequire(import.meta.url).resolve('az/package.json')), 'dicts');
  const asyncLoad = Az.load;
  const answers: (() => void)[] = [];
  Az.load = (url, responseType, callback) => {
    const bytes = readFileSync(url);
    const data = responseType === 'json' ? JSON.parse(bytes.toString('utf8')) : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    answers.push(() => callback(null, data));
  };
  let failure: Error | null = null;
  let done = false;
  try {
    Az.Morph.init(dicts, (error) => {
      failure = error;
      done = true;
    });
    for (const answer of answers) answer();
  } finally {
    Az.load = asyncLoad;
  }
  if (failure || !done) throw new Error(`could not load the names dictionary from ${dicts}`, { cause: failure ?? undefined });
  loaded = true;
}

function isNameParse(parse: { tag: Record<string, unknown> }): boolean {
  return NAME_GRAMMEMES.some((g) => Boolean(parse.tag[g]));
}

/**
 * Whether a word is a person's name. The dictionary knows names capitalised.
 * Written capitalised, any reading as a name counts («Вера», «Роза», «Лада»
 * are masked even where they are a word or a car: the safe side); written in
 * lower case («ольге», «иванову»), the capitalised word must read as a name
 * first, so «вера» or «клиенту» stay. Single letters are left to INITIALS.
 */
export function isPersonalName(word: string): boolean {
  if (word.length < 2 || !/\p{Script=Cyrillic}/u.test(word)) return false;
  ensureLoaded();
  const lower = word.toLocaleLowerCase('ru');
  const title = lower[0]!.toLocaleUpperCase('ru') + lower.slice(1);
  // Written in capitals («ИВАНОВ ПЁТР»), a word is read as it would be capitalised.
  const capitalised = word[0] !== word[0]!.toLocaleLowerCase('ru');
  // «Серёжа» is in the dictionary as «Сережа»: a word with ё is also read without it.
  const readings = /[ёЁ]/.test(title) ? [title, title.replace(/ё/g, 'е').replace(/Ё/g, 'Е')] : [title];
  return readings.some((reading) => {
    const parses = Az.Morph(reading);
    return capitalised ? parses.some(isNameParse) : parses[0] !== undefined && isNameParse(parses[0]);
  });
}

/** Free text with every Russian first name, surname, patronymic and initials replaced by «•••». */
export function maskPersonalNames(text: string): string {
  return text.replace(INITIALS, MASK).replace(WORD, (word) => (word.split(/['’-]/).some(isPersonalName) ? MASK : word));
}
