export type { Point, Quad } from './ocr/geometry.js';
export {
  type OcrOptions,
  LEGACY_DEFAULT_OPTIONS,
  DEFAULT_CONFIDENCE_THRESHOLD,
  DEFAULT_USE_ANGLE_CLS,
} from './ocr/ocr-options.js';
export {
  PAGE_ANGLES,
  type PageAngle,
  type OcrResult,
  type TextBox,
  type StageTimings,
  type ModelInfo,
  ocrResultSchema,
} from './ocr/ocr-result.js';
export { parseOcrResult, type ParsedOcrResult } from './ocr/ocr-result-schema.js';
export { ErrorCodes, type ErrorCode, isDeterministicError, isErrorCode } from './errors/error-codes.js';
export { OcrError, type ErrorDetails, type SerializedOcrError, isSerializedOcrError } from './errors/ocr-error.js';
export { LANGUAGES, type LanguageName, lookupLanguage, canonicalLanguage } from './languages/language-aliases.js';
export { EnvReader, ConfigError, type Env } from './config/env-reader.js';
export { sniffFormat, DECODABLE_FORMATS, type SniffedFormat } from './image/sniff-format.js';
export { RedisKeys, QUEUE_NAME, DEFAULT_QUEUE_PREFIX } from './queue/redis-keys.js';
export {
  JOB_DATA_VERSION,
  SUBMIT_APIS,
  type SubmitApi,
  jobDataSchema,
  ocrOptionsSchema,
  type OcrJobData,
  type ParsedJobData,
  parseJobData,
} from './jobs/job-data.js';
export { encodeFailure, decodeFailure } from './jobs/job-failure.js';
export {
  JOB_STATUSES,
  type JobStatus,
  jobStatusFromQueueState,
  isFinished,
  PRIORITY_SYNC,
  PRIORITY_ASYNC,
} from './jobs/job-status.js';
export {
  type LanguageAvailability,
  type WorkerLanguages,
  findAnnounced,
  parseWorkerLanguages,
} from './jobs/languages.js';
export type {
  JobAccepted,
  JobErrorView,
  JobView,
  BatchStatus,
  BatchAccepted,
  BatchView,
  ProblemDetails,
  LegacyBatchItem,
  LegacyBatchResponse,
  LanguagesResponse,
  HealthResponse,
} from './api/http-types.js';
export { openApiDocument } from './api/openapi.js';
export { loggerOptions, type LoggerOptions } from './logging/logger-options.js';
export { acceptRequestId, REQUEST_ID_HEADER, REQUEST_ID_METADATA_KEY } from './logging/request-id.js';
export { imageDimensions } from './image/image-dimensions.js';
export { within } from './async/within.js';
export { Slots } from './async/slots.js';
export * as OcrV1 from './grpc/ocr-v1.js';
export {
  OCR_PROTO_ROOT,
  OCR_PROTO_FILE,
  OCR_SERVICE_NAME,
  PROTO_LOADER_OPTIONS,
  loadOcrPackageDefinition,
  loadOcrProto,
} from './grpc/ocr-proto.js';
export { type OcrClient, createOcrClient, ocrMetadata } from './grpc/ocr-client.js';
