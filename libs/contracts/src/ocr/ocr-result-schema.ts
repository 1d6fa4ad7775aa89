import { type OcrResult, ocrResultSchema } from './ocr-result.js';

export type ParsedOcrResult = { ok: true; result: OcrResult } | { ok: false; problems: string };

/**
 * Reads `OcrResult` as data crossing a process boundary, from its JSON text (as BullMQ events carry
 * it) or from the parsed value: the worker's return value read back by a gateway. During a rolling
 * update a gateway may read what a worker of another version wrote; a result it cannot read fails
 * that job with a reason instead of reaching a client half-formed (or crashing the gRPC mapper). It
 * checks the shape, not the values an engine chose.
 */
export function parseOcrResult(value: unknown): ParsedOcrResult {
  let data: unknown = value;
  if (typeof value === 'string') {
    try {
      data = JSON.parse(value);
    } catch {
      return { ok: false, problems: '(root): not JSON' };
    }
  }
  const parsed = ocrResultSchema.safeParse(data);
  if (parsed.success) return { ok: true, result: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
      .join('; '),
  };
}
