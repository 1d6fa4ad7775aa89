import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * An evaluation set: a folder of images and `manifest.json` listing `{file, category, lang,
 * lines}` per image, where `lines` are the ground-truth visual lines in reading order (the format
 * of ../shared/eval).
 */
export interface EvalEntry {
  file: string;
  category: string;
  lang: string;
  lines: string[];
}

export interface EvalSet {
  dir: string;
  entries: EvalEntry[];
}

export function loadEvalSet(dir: string): EvalSet {
  const path = join(dir, 'manifest.json');
  if (!existsSync(path)) throw new Error(`${path} not found: pass --set DIR with a folder that has manifest.json`);
  const raw: unknown = JSON.parse(readFileSync(path, 'utf8'));
  if (!Array.isArray(raw)) throw new Error(`${path}: expected a JSON array of entries`);
  const entries = raw.map((value: unknown, i): EvalEntry => {
    const e = value as Partial<EvalEntry>;
    if (
      typeof e.file !== 'string' ||
      typeof e.category !== 'string' ||
      typeof e.lang !== 'string' ||
      !Array.isArray(e.lines)
    ) {
      throw new Error(`${path}: entry ${i} needs file, category, lang and lines`);
    }
    return { file: e.file, category: e.category, lang: e.lang, lines: e.lines.map(String) };
  });
  return { dir, entries };
}
