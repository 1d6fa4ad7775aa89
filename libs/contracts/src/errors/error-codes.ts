/**
 * Stable error codes shared by the engine, the worker and both gateways. Clients branch on these,
 * so a code is never renamed; add new ones instead.
 */
export const ErrorCodes = {
  /** The upload had no bytes. */
  IMAGE_EMPTY: 'IMAGE_EMPTY',
  /** The bytes are not a decodable image (corrupt, truncated, or not an image at all). */
  IMAGE_UNREADABLE: 'IMAGE_UNREADABLE',
  /** A real format we refuse (SVG, PDF, ...). */
  IMAGE_FORMAT_UNSUPPORTED: 'IMAGE_FORMAT_UNSUPPORTED',
  /** More bytes than the configured limit. */
  IMAGE_TOO_LARGE: 'IMAGE_TOO_LARGE',
  /** More pixels than the configured limit (decompression bombs). */
  IMAGE_TOO_MANY_PIXELS: 'IMAGE_TOO_MANY_PIXELS',
  /** No installed engine reads the requested language. */
  LANGUAGE_UNAVAILABLE: 'LANGUAGE_UNAVAILABLE',
  /** An option is out of range or of the wrong type. */
  INVALID_OPTION: 'INVALID_OPTION',
  /** A model pack on disk is incomplete or inconsistent. */
  MODEL_PACK_INVALID: 'MODEL_PACK_INVALID',
  /** The requested execution provider (e.g. CUDA) cannot be used on this machine. */
  EXECUTION_PROVIDER_UNAVAILABLE: 'EXECUTION_PROVIDER_UNAVAILABLE',
  /** The engine failed on an input it accepted; retrying may help. */
  ENGINE_FAILURE: 'ENGINE_FAILURE',
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

/** Codes that will fail the same way every time: retrying them only wastes a worker. */
const DETERMINISTIC: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  ErrorCodes.IMAGE_EMPTY,
  ErrorCodes.IMAGE_UNREADABLE,
  ErrorCodes.IMAGE_FORMAT_UNSUPPORTED,
  ErrorCodes.IMAGE_TOO_LARGE,
  ErrorCodes.IMAGE_TOO_MANY_PIXELS,
  ErrorCodes.LANGUAGE_UNAVAILABLE,
  ErrorCodes.INVALID_OPTION,
]);

export function isDeterministicError(code: ErrorCode): boolean {
  return DETERMINISTIC.has(code);
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.values<string>(ErrorCodes).includes(value);
}
