import { readFileSync, writeFileSync } from 'node:fs';
import type { Norms } from './schema';
import { validateNorms, type NormsResult } from './validate';

/** Reads and validates a norms file; unreadable files and bad JSON are problems too, never exceptions. */
export function readNormsFile(path: string, base: Norms): NormsResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : String(error);
    return { ok: false, problems: [{ path: '(file)', message: `cannot read ${path}: ${reason}` }] };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [{ path: '(file)', message: `not valid JSON: ${(error as Error).message}` }] };
  }
  return validateNorms(json, base);
}

/** The norms as the pretty JSON a person edits. */
export function normsToJson(norms: Norms): string {
  return `${JSON.stringify(norms, null, 2)}\n`;
}

export function writeNormsFile(path: string, norms: Norms): void {
  writeFileSync(path, normsToJson(norms));
}
