import { ErrorCodes, OcrError, type OcrOptions, type OcrResult } from '@ocr-pool/contracts';
import type { OcrOutcome, OcrRequest } from './ocr-engine.js';

/**
 * What every engine does around reading one image: check the options a job carries (the gateway
 * checked them too, but jobs can come from any client of the queue), and turn each image's failure
 * into its own outcome with a typed error.
 */
/** Runs `read` on every request; one request's failure becomes its own outcome, never the batch's. */
export function settleEach(
  requests: readonly OcrRequest[],
  read: (request: OcrRequest) => Promise<OcrResult>,
): Promise<OcrOutcome[]> {
  return Promise.all(
    requests.map((request) =>
      read(request).then(
        (result): OcrOutcome => ({ ok: true, result }),
        (error: unknown): OcrOutcome => ({ ok: false, error: asOcrError(error) }),
      ),
    ),
  );
}

export function validateOptions(options: OcrOptions): void {
  const t = options.confidence_threshold;
  if (typeof t !== 'number' || !Number.isFinite(t) || t < 0 || t > 1) {
    throw new OcrError(
      ErrorCodes.INVALID_OPTION,
      `confidence_threshold must be a number from 0 to 1, got ${String(t)}.`,
      {
        field: 'confidence_threshold',
      },
    );
  }
  if (typeof options.use_angle_cls !== 'boolean') {
    throw new OcrError(ErrorCodes.INVALID_OPTION, 'use_angle_cls must be true or false.', { field: 'use_angle_cls' });
  }
  if (typeof options.language !== 'string' || options.language.trim() === '') {
    throw new OcrError(ErrorCodes.INVALID_OPTION, 'language must be a non-empty language name, e.g. "en".', {
      field: 'language',
    });
  }
}

export function asOcrError(error: unknown): OcrError {
  if (error instanceof OcrError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new OcrError(ErrorCodes.ENGINE_FAILURE, `The OCR engine failed: ${message}`);
}
