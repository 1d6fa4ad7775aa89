import { lookupLanguage } from '../languages/language-aliases.js';

/** A language a running worker can read, as workers publish it and `GET /v1/languages` lists it. */
export interface LanguageAvailability {
  code: string;
  name: string;
  aliases: string[];
  engine: string;
  pack?: string;
}

/**
 * One worker's announcement, a field of the `{prefix}:ocr:languages` hash keyed by worker id. Redis
 * cannot expire a hash field, so the entry carries its own expiry (the worker's clock, epoch ms):
 * readers skip and prune entries past it, which drops a worker that died without saying goodbye.
 */
export interface WorkerLanguages {
  expiresAt: number;
  languages: LanguageAvailability[];
}

/** Reads a field of the languages hash; undefined for anything malformed (never trusted blindly). */
export function parseWorkerLanguages(raw: string): WorkerLanguages | undefined {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { expiresAt, languages } = value as Partial<WorkerLanguages>;
  if (typeof expiresAt !== 'number' || !Array.isArray(languages)) return undefined;
  const valid = languages.filter(
    (l): l is LanguageAvailability =>
      typeof l === 'object' &&
      l !== null &&
      typeof l.code === 'string' &&
      typeof l.name === 'string' &&
      typeof l.engine === 'string' &&
      Array.isArray(l.aliases),
  );
  return { expiresAt, languages: valid };
}

/**
 * The announced language a request's `language` names (its code, one of its aliases, or a name the
 * catalogue maps to its code), as gateways admit jobs and workers pass them on.
 */
export function findAnnounced(
  announced: readonly LanguageAvailability[],
  requested: string,
): LanguageAvailability | undefined {
  const key = requested.trim().toLowerCase();
  const canonical = lookupLanguage(key)?.code;
  return announced.find((l) => l.code === key || l.code === canonical || l.aliases.includes(key));
}
