import {
  DEFAULT_CONFIDENCE_THRESHOLD,
  DEFAULT_USE_ANGLE_CLS,
  LEGACY_DEFAULT_OPTIONS,
  type OcrOptions,
} from '@ocr-pool/contracts';
import { invalidOption } from '../http/problem.js';

/**
 * Turns form fields (or query parameters) into OCR options, with each API's defaults: the old
 * service's routes default to Korean as it did; v1 defaults to the configured language. Form
 * booleans arrive as strings (`True` from Python's requests, `true`, `1`, ...). Unknown fields are
 * refused by name, so a misspelt option is not silently ignored.
 */
export const OPTION_FIELDS = ['language', 'confidence_threshold', 'use_angle_cls'] as const;

export type FieldValues = Record<string, unknown>;

const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off']);

function text(value: unknown, field: string): string | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value)) throw invalidOption(field, `${field} was sent more than once; send it once.`);
  if (typeof value !== 'string') throw invalidOption(field, `${field} must be a string.`);
  return value.trim();
}

export type OptionDefaults = Pick<OcrOptions, 'language'> & Partial<OcrOptions>;

export function parseOptions(
  fields: FieldValues,
  defaults: OptionDefaults,
  allowedExtra: readonly string[] = [],
): OcrOptions {
  for (const name of Object.keys(fields)) {
    if (!(OPTION_FIELDS as readonly string[]).includes(name) && !allowedExtra.includes(name)) {
      throw invalidOption(
        name,
        `Unknown field "${name}". Accepted fields: ${[...OPTION_FIELDS, ...allowedExtra].join(', ')}.`,
      );
    }
  }
  const given: GivenOptions = { language: text(fields.language, 'language') };
  const rawConfidence = text(fields.confidence_threshold, 'confidence_threshold');
  if (rawConfidence !== undefined && rawConfidence !== '') {
    given.confidence_threshold = Number(rawConfidence);
    if (!Number.isFinite(given.confidence_threshold)) throw confidenceProblem(`"${rawConfidence}"`);
  }
  const rawAngle = text(fields.use_angle_cls, 'use_angle_cls')?.toLowerCase();
  if (rawAngle !== undefined && rawAngle !== '') {
    if (TRUE.has(rawAngle)) given.use_angle_cls = true;
    else if (FALSE.has(rawAngle)) given.use_angle_cls = false;
    else throw invalidOption('use_angle_cls', `use_angle_cls must be true or false, got "${rawAngle}".`);
  }
  return resolveOptions(given, defaults);
}

/** Options as a typed transport (gRPC) carries them: absent ones take the API's defaults. */
export interface GivenOptions {
  language?: string | undefined;
  confidence_threshold?: number | undefined;
  use_angle_cls?: boolean | undefined;
}

export function resolveOptions(given: GivenOptions, defaults: OptionDefaults): OcrOptions {
  const language = given.language?.trim() || defaults.language;
  if (language.length > 64 || !/^[\p{L}\p{N}_\- ]+$/u.test(language)) {
    throw invalidOption('language', 'language must be a language name or code such as "en", "ch" or "korean".');
  }
  const confidence = given.confidence_threshold ?? defaults.confidence_threshold ?? DEFAULT_CONFIDENCE_THRESHOLD;
  if (!Number.isFinite(confidence) || confidence < 0 || confidence > 1) throw confidenceProblem(String(confidence));
  const useAngleCls = given.use_angle_cls ?? defaults.use_angle_cls ?? DEFAULT_USE_ANGLE_CLS;
  return { language, confidence_threshold: confidence, use_angle_cls: useAngleCls };
}

const confidenceProblem = (got: string) =>
  invalidOption('confidence_threshold', `confidence_threshold must be a number from 0 to 1, got ${got}.`);

export const LEGACY_DEFAULTS = LEGACY_DEFAULT_OPTIONS;
