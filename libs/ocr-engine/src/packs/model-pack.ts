import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ErrorCodes, OcrError, canonicalLanguage } from '@ocr-pool/contracts';
import { type Int8Calibration, parseInt8Calibration } from '../runtime/graph/int8-calibration.js';
import type { Int8Form } from '../runtime/graph/quantise-recogniser.js';

/**
 * A model pack: the det, cls and rec ONNX files of one PP-OCR model set, the recogniser's
 * dictionary, and a manifest naming the languages it reads. A pack folder holds `manifest.json`:
 *
 *     { "name": "korean-v4", "version": "4.0.0", "languages": ["ko"],
 *       "rec": "rec.onnx", "dict": "dict.txt", "det": "det.onnx", "cls": "cls.onnx" }
 *
 * `det` and `cls` may be left out: detection and angle classification are language-independent,
 * so such a pack borrows them from the bundled pack. `rec_int8_calibration` optionally names the
 * recogniser's int8 calibration (written by `npm run bench -- calibrate`), which lets it run in
 * int8 where the CPU is fast at it (`OCR_REC_PRECISION`).
 */
export interface ModelPack {
  /** `name@version`, unique among loaded packs. */
  id: string;
  name: string;
  version: string;
  /** Canonical language codes. */
  languages: string[];
  det: string;
  cls: string;
  rec: string;
  dict: string;
  /** The recogniser has a trailing space class (PaddleOCR `use_space_char`). */
  useSpaceChar: boolean;
  /** Where the pack came from, for listings and errors. */
  source: string;
  /** The recogniser's int8 calibration, when the pack has one. */
  recCalibration?: Int8Calibration;
  /**
   * Set when the recogniser runs in int8 on this machine (`recogniser-precision.ts` decides): its
   * calibration, and 8-bit weights or 7-bit where the CPU's int8 sums would saturate. Absent: float.
   */
  recInt8?: Int8Form;
}

export interface PackManifest {
  name: string;
  version: string;
  languages: string[];
  rec: string;
  dict: string;
  det?: string;
  cls?: string;
  use_space_char?: boolean;
  rec_int8_calibration?: string;
}

export function packId(name: string, version: string): string {
  return `${name}@${version}`;
}

export function parsePackManifest(value: unknown, where: string): PackManifest {
  const problems: string[] = [];
  const v = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const str = (key: string, optional = false): string | undefined => {
    const x = v[key];
    if (x === undefined && optional) return undefined;
    if (typeof x !== 'string' || x.length === 0) problems.push(`"${key}" must be a non-empty string`);
    return typeof x === 'string' ? x : undefined;
  };
  const name = str('name'),
    version = str('version'),
    rec = str('rec'),
    dict = str('dict');
  const det = str('det', true),
    cls = str('cls', true),
    calibration = str('rec_int8_calibration', true);
  const languages = v.languages;
  if (!Array.isArray(languages) || languages.length === 0 || !languages.every((l) => typeof l === 'string')) {
    problems.push('"languages" must be a non-empty array of language names');
  }
  if (v.use_space_char !== undefined && typeof v.use_space_char !== 'boolean') {
    problems.push('"use_space_char" must be true or false');
  }
  if (problems.length) {
    throw new OcrError(
      ErrorCodes.MODEL_PACK_INVALID,
      `Model pack manifest ${where} is invalid: ${problems.join('; ')}.`,
    );
  }
  return {
    name: name!,
    version: version!,
    languages: languages as string[],
    rec: rec!,
    dict: dict!,
    ...(det ? { det } : {}),
    ...(cls ? { cls } : {}),
    ...(typeof v.use_space_char === 'boolean' ? { use_space_char: v.use_space_char } : {}),
    ...(calibration ? { rec_int8_calibration: calibration } : {}),
  };
}

/** Reads a pack folder; `fallback` supplies det/cls when the manifest leaves them out. */
export function loadPackFolder(dir: string, fallback?: ModelPack): ModelPack {
  const manifestPath = join(dir, 'manifest.json');
  const manifest = parsePackManifest(readPackJson(manifestPath, 'model pack manifest'), manifestPath);
  const file = (name: string | undefined, role: string, borrowed: string | undefined): string => {
    if (name === undefined) {
      if (borrowed === undefined) {
        throw new OcrError(
          ErrorCodes.MODEL_PACK_INVALID,
          `Model pack ${dir} names no ${role} model and there is no bundled one to borrow.`,
        );
      }
      return borrowed;
    }
    const path = resolve(dir, name);
    if (!existsSync(path) || !statSync(path).isFile()) {
      throw new OcrError(ErrorCodes.MODEL_PACK_INVALID, `Model pack ${dir}: ${role} file ${path} does not exist.`);
    }
    return path;
  };
  const calibrationPath = manifest.rec_int8_calibration
    ? file(manifest.rec_int8_calibration, 'int8 calibration', undefined)
    : undefined;
  return {
    id: packId(manifest.name, manifest.version),
    name: manifest.name,
    version: manifest.version,
    languages: manifest.languages.map(canonicalLanguage),
    det: file(manifest.det, 'det', fallback?.det),
    cls: file(manifest.cls, 'cls', fallback?.cls),
    rec: file(manifest.rec, 'rec', undefined),
    dict: file(manifest.dict, 'dict', undefined),
    useSpaceChar: manifest.use_space_char ?? true,
    source: dir,
    ...(calibrationPath ? { recCalibration: readInt8Calibration(calibrationPath) } : {}),
  };
}

/** An int8 calibration file, read and checked (pack folders, and the calibration tool adding to one). */
export function readInt8Calibration(path: string): Int8Calibration {
  return parseInt8Calibration(readPackJson(path, 'int8 calibration'), path);
}

function readPackJson(path: string, what: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new OcrError(
      ErrorCodes.MODEL_PACK_INVALID,
      `Cannot read ${what} ${path}: ${error instanceof Error ? error.message : String(error)}.`,
    );
  }
}
