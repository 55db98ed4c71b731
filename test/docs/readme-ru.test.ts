import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// README.ru.md is the admins' guide in Russian; README.md is the reference. This keeps the two
// in step where an admin would notice a gap: a bot command, a CLI command, a setting, the quick start.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

/** Where each guide holds what is compared: the heading lines, exactly as written. */
const EN = { quickStart: '## Quick start', commands: '### Commands', cli: '## CLI', config: '## Configuration' };
const RU = { quickStart: '## Быстрый старт', commands: '## Команды бота', cli: '## Команды CLI', config: '## Настройки' };

const FENCE = /^\s*(```|~~~)/;
const HEADING = /^(#{1,6})\s/;

/**
 * The lines under `heading` up to the next heading of the same or a higher level
 * (deeper headings belong to the section); null when there is no such heading.
 * Lines inside fenced code are never headings: a shell comment starts with `#` too.
 */
function section(markdown: string, heading: string): string | null {
  const lines = markdown.split('\n');
  const level = HEADING.exec(heading)?.[1]?.length ?? 0;
  let inFence = false;
  let start = -1;
  for (const [index, line] of lines.entries()) {
    if (FENCE.test(line)) inFence = !inFence;
    if (inFence) continue;
    if (start < 0) {
      if (line.trimEnd() === heading) start = index + 1;
      continue;
    }
    const found = HEADING.exec(line);
    if (found && found[1]!.length <= level) return lines.slice(start, index).join('\n');
  }
  return start < 0 ? null : lines.slice(start).join('\n');
}

/** A table row's cells, trimmed: split on `|` except an escaped `\|`, which becomes a `|` of the cell. */
function splitRow(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  const text = line.trim();
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char === '\\' && text[i + 1] === '|') {
      cell += '|';
      i++;
    } else if (char === '|') {
      cells.push(cell.trim());
      cell = '';
    } else cell += char;
  }
  cells.push(cell.trim());
  // The outer pipes of `| a | b |` leave an empty cell at each end.
  if (text.startsWith('|')) cells.shift();
  if (text.endsWith('|') && !text.endsWith('\\|')) cells.pop();
  return cells;
}

/** The body rows (header and delimiter row left out) of the first table in `text`, as cells. */
function tableRows(text: string): string[][] {
  const lines = text.split('\n');
  const first = lines.findIndex((line) => line.trim().startsWith('|'));
  if (first < 0) return [];
  const block: string[] = [];
  for (const line of lines.slice(first)) {
    if (!line.trim().startsWith('|')) break;
    block.push(line);
  }
  const isDelimiter = (line: string) => splitRow(line).every((cell) => /^:?-+:?$/.test(cell));
  return block.slice(1).filter((line) => !isDelimiter(line)).map(splitRow);
}

const codeSpans = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);

/**
 * The commands a table cell names: each code span's literal words, up to the first
 * placeholder (`NAME`, `<code>`), option (`--full`, `[FILE]`) or set of choices
 * (`always|working`). `/report me` stays two words; `/link NAME` is `/link`.
 */
function commandTokens(cell: string): string[] {
  return codeSpans(cell)
    .map((span) => {
      const words: string[] = [];
      for (const word of span.trim().split(/\s+/)) {
        if (!/^\/?[a-z][a-z0-9-]*$/.test(word)) break;
        words.push(word);
      }
      return words.join(' ');
    })
    .filter((token) => token !== '');
}

/** Environment variables named in a cell's code spans (`AMOCRM_WEBHOOK_PORT`, `AMOCRM_WEBHOOK_HOST`). */
const variableTokens = (cell: string) => codeSpans(cell).filter((span) => /^[A-Z][A-Z0-9_]*$/.test(span));

/** The variables `.env.example` assigns (`NAME=` at a line's start, comments left out). */
function envExampleVariables(text: string): string[] {
  return [...text.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]!);
}

/** The command lines of the first fenced block in `text`: trailing `# comments` and blank lines dropped. */
function fencedCommands(text: string): string[] {
  const lines = text.split('\n');
  const open = lines.findIndex((line) => FENCE.test(line));
  if (open < 0) return [];
  const close = lines.findIndex((line, index) => index > open && FENCE.test(line));
  return lines
    .slice(open + 1, close < 0 ? undefined : close)
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line !== '');
}

/** Whether `name` occurs in `text` as a whole variable name (not as part of a longer one). */
const mentions = (text: string, name: string) => new RegExp(`(?<![A-Z0-9_])${name}(?![A-Z0-9_])`).test(text);

/**
 * Everything README.ru.md lacks against README.md and .env.example, one sentence each:
 * empty when the two guides are in step. A section or table missing on either side is a
 * problem too, so that a renamed heading cannot make the comparison pass on nothing.
 */
function guideProblems(en: string, ru: string, envExample: string): string[] {
  const problems: string[] = [];
  const sections = (key: keyof typeof EN) => {
    const enText = section(en, EN[key]);
    const ruText = section(ru, RU[key]);
    if (enText === null) problems.push(`README.md has no section "${EN[key]}"`);
    if (ruText === null) problems.push(`README.ru.md has no section "${RU[key]}"`);
    return enText === null || ruText === null ? null : { enText, ruText };
  };
  const firstColumn = (text: string) => tableRows(text).map((row) => row[0] ?? '');

  const compareTables = (key: 'commands' | 'cli' | 'config', tokens: (cell: string) => string[], what: string) => {
    const found = sections(key);
    if (!found) return;
    const enTokens = firstColumn(found.enText).flatMap(tokens);
    const ruTokens = new Set(firstColumn(found.ruText).flatMap(tokens));
    if (enTokens.length === 0) problems.push(`README.md "${EN[key]}" has no table of ${what}`);
    for (const token of enTokens) {
      if (!ruTokens.has(token)) problems.push(`README.ru.md "${RU[key]}" lacks the ${what.replace(/s$/, '')} ${token} (README.md "${EN[key]}")`);
    }
  };
  compareTables('commands', commandTokens, 'bot commands');
  compareTables('cli', commandTokens, 'CLI commands');
  compareTables('config', variableTokens, 'variables');

  for (const name of envExampleVariables(envExample)) {
    if (!mentions(ru, name)) problems.push(`README.ru.md never names the variable ${name} (.env.example)`);
  }

  const quickStart = sections('quickStart');
  if (quickStart) {
    const enCommands = fencedCommands(quickStart.enText);
    const ruCommands = fencedCommands(quickStart.ruText);
    if (enCommands.length === 0) problems.push(`README.md "${EN.quickStart}" has no fenced block of commands`);
    if (JSON.stringify(enCommands) !== JSON.stringify(ruCommands)) {
      problems.push(`README.ru.md "${RU.quickStart}" shows ${JSON.stringify(ruCommands)} where README.md "${EN.quickStart}" shows ${JSON.stringify(enCommands)}`);
    }
  }
  return problems;
}

describe('markdown extraction', () => {
  it('splits a row on pipes, keeping an escaped pipe inside its cell', () => {
    expect(splitRow('| `/pings always\\|working` | linked supervisors | when |')).toEqual(['`/pings always|working`', 'linked supervisors', 'when']);
    expect(splitRow('|a|b\\|c|')).toEqual(['a', 'b|c']);
    expect(splitRow('| last cell ends in an escaped pipe \\|')).toEqual(['last cell ends in an escaped pipe |']);
  });

  it('reads the body rows of the first table, without its header and delimiter row', () => {
    const text = ['intro', '', '| command | what |', '|---|:---:|', '| `sync [--full]` | pulls |', '| `a \\| b` | x |', '', '| other | table |', '|---|---|', '| `no` | no |'].join('\n');
    expect(tableRows(text)).toEqual([['`sync [--full]`', 'pulls'], ['`a | b`', 'x']]);
    expect(tableRows('no table here')).toEqual([]);
  });

  it.each([
    ['`/setnorm`', ['/setnorm']],
    ['`/report me`', ['/report me']],
    ['`/pings always|working`', ['/pings']],
    ['`/link NAME`', ['/link']],
    ['`/away NAME DATES [KIND]`', ['/away']],
    ['`/snooze WHAT ID TIME REASON`', ['/snooze']],
    ['`/findings NAME|STAGE`', ['/findings']],
    ['`sync [--full]`', ['sync']],
    ['`norms export [FILE]`', ['norms export']],
    ['`purge --yes`', ['purge']],
    ['`backup FILE`', ['backup']],
    ['`amocrm auth-url` / `amocrm auth CODE`', ['amocrm auth-url', 'amocrm auth']],
    ['no code span', []],
  ])('names the commands of %s', (cell, tokens) => {
    expect(commandTokens(cell)).toEqual(tokens);
  });

  it('takes a section up to the next heading of its level, past deeper headings and shell comments in fences', () => {
    const md = ['# T', '## A', 'a1', '```sh', '# not a heading', '```', '### A.1', 'a2', '## B', 'b1'].join('\n');
    expect(section(md, '## A')).toBe(['a1', '```sh', '# not a heading', '```', '### A.1', 'a2'].join('\n'));
    expect(section(md, '## B')).toBe('b1');
    expect(section(md, '## C')).toBeNull();
  });

  it('reads the command lines of the first fenced block, without comments', () => {
    const text = ['On Debian:', '', '```sh', 'bash scripts/setup && npm start    # demo', '', 'npm test', '```', '```sh', 'npm run -s cli -- sync', '```'].join('\n');
    expect(fencedCommands(text)).toEqual(['bash scripts/setup && npm start', 'npm test']);
  });

  it('reads the variables .env.example assigns, not those only mentioned in comments', () => {
    expect(envExampleVariables('# NODE_HEAP_MB is not here\nCRM=demo\nAMOCRM_TOKEN=\n  # HTTP_PORT=\nHTTP_HOST=127.0.0.1\n')).toEqual(['CRM', 'AMOCRM_TOKEN', 'HTTP_HOST']);
  });
});

describe('guideProblems', () => {
  const en = [
    '## Quick start', '```sh', 'bash scripts/setup && npm start    # demo', '```',
    '### Commands', '| command | who | what |', '|---|---|---|', '| `/report` | admins | now |', '| `/report me` | linked | mine |', '| `/pings always\\|working` | supervisors | when |',
    '## CLI', '| command | what |', '|---|---|', '| `sync [--full]` | pulls |', '| `backup FILE` | copies |',
    '## Configuration', '| variable | default | meaning |', '|---|---|---|', '| `HTTP_PORT`, `HTTP_HOST` | — | health |',
  ].join('\n');
  const ru = [
    '## Быстрый старт', '```sh', 'bash scripts/setup && npm start    # демо', '```',
    '## Команды бота', '| команда | кто | что |', '|---|---|---|', '| `/report` | админы | сейчас |', '| `/report me` | все | моя |', '| `/pings always\\|working` | руководители | когда |',
    '## Команды CLI', '| команда | что |', '|---|---|', '| `sync [--full]` | загружает |', '| `backup FILE` | копирует |',
    '## Настройки', '| переменная | по умолчанию | что |', '|---|---|---|', '| `HTTP_PORT` | — | порт |', '| `HTTP_HOST` | — | адрес |',
  ].join('\n');
  const env = 'HTTP_PORT=\nHTTP_HOST=127.0.0.1\n';

  it('finds nothing when the guides are in step', () => {
    expect(guideProblems(en, ru, env)).toEqual([]);
  });

  it('names a bot command, a CLI command and a variable README.md has and README.ru.md lacks', () => {
    const grown = en
      .replace('| `/report` | admins | now |', '| `/report` | admins | now |\n| `/digest` | admins | daily |')
      .replace('| `backup FILE` | copies |', '| `backup FILE` | copies |\n| `restore FILE` | restores |')
      .replace('| `HTTP_PORT`, `HTTP_HOST` | — | health |', '| `HTTP_PORT`, `HTTP_HOST` | — | health |\n| `BACKUP_DIR` | — | nightly |');
    expect(guideProblems(grown, ru, `${env}BACKUP_KEEP=7\n`)).toEqual([
      'README.ru.md "## Команды бота" lacks the bot command /digest (README.md "### Commands")',
      'README.ru.md "## Команды CLI" lacks the CLI command restore (README.md "## CLI")',
      'README.ru.md "## Настройки" lacks the variable BACKUP_DIR (README.md "## Configuration")',
      'README.ru.md never names the variable BACKUP_KEEP (.env.example)',
    ]);
  });

  it('does not count /report me as /report: each row is its own command', () => {
    const withoutReport = ru.replace('| `/report` | админы | сейчас |\n', '');
    expect(guideProblems(en, withoutReport, env)).toEqual(['README.ru.md "## Команды бота" lacks the bot command /report (README.md "### Commands")']);
  });

  it('names a quick start whose commands differ', () => {
    const changed = ru.replace('bash scripts/setup && npm start', 'npm start');
    expect(guideProblems(en, changed, env)).toEqual([
      'README.ru.md "## Быстрый старт" shows ["npm start"] where README.md "## Quick start" shows ["bash scripts/setup && npm start"]',
    ]);
  });

  it('names a missing section rather than comparing nothing', () => {
    expect(guideProblems(en, ru.replace('## Команды CLI', '## CLI по-русски'), env)).toEqual(['README.ru.md has no section "## Команды CLI"']);
    expect(guideProblems(en.replace('### Commands', '### Bot commands'), ru, env)).toEqual(['README.md has no section "### Commands"']);
  });
});

describe('README.ru.md', () => {
  const en = read('README.md');
  const ru = read('README.ru.md');

  it('has every bot command, CLI command and setting of README.md and .env.example, and the same quick start', () => {
    expect(guideProblems(en, ru, read('.env.example'))).toEqual([]);
  });

  it('reads README.md\'s tables whole (a sanity check on the extraction itself)', () => {
    const rows = (heading: string) => tableRows(section(en, heading) ?? '').length;
    expect(rows(EN.commands)).toBeGreaterThanOrEqual(30);
    expect(rows(EN.cli)).toBeGreaterThanOrEqual(15);
    expect(rows(EN.config)).toBeGreaterThanOrEqual(40);
  });

  it('covers backup and restore, whatever README.md\'s CLI table holds yet', () => {
    const tokens = tableRows(section(ru, RU.cli) ?? '').flatMap((row) => commandTokens(row[0] ?? ''));
    expect(tokens).toEqual(expect.arrayContaining(['backup', 'restore']));
  });

  it('opens by pointing to README.md as the reference', () => {
    const top = ru.split('\n').slice(0, 10).join('\n');
    expect(top).toContain('[README.md](README.md)');
  });
});
