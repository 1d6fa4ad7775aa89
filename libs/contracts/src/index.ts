export type { Point, Quad } from './ocr/geometry.js';
export {
  type OcrOptions,
  LEGACY_DEFAULT_OPTIONS,
  DEFAULT_CONFIDENCE_THRESHOLD,
  DEFAULT_USE_ANGLE_CLS,
} from './ocr/ocr-options.js';
export type { OcrResult, TextBox, StageTimings, ModelInfo } from './ocr/ocr-result.js';
export { ErrorCodes, type ErrorCode, isDeterministicError, isErrorCode } from './errors/error-codes.js';
export { OcrError, type ErrorDetails, type SerializedOcrError, isSerializedOcrError } from './errors/ocr-error.js';
export { LANGUAGES, type LanguageName, lookupLanguage, canonicalLanguage } from './languages/language-aliases.js';
export { EnvReader, ConfigError, type Env } from './config/env-reader.js';
