import { z } from 'zod';
import type { OcrResult } from './ocr-result.js';

/**
 * `OcrResult` as data crossing a process boundary: the worker's return value read back by a
 * gateway. During a rolling update a gateway may read what a worker of another version wrote; a
 * result it cannot read fails that job with a reason instead of reaching a client half-formed (or
 * crashing the gRPC mapper). It checks the shape, not the values an engine chose.
 */
const point = z.tuple([z.number(), z.number()]);

export const ocrResultSchema = z.object({
  text: z.string(),
  overall_confidence: z.number(),
  text_boxes: z.array(
    z.object({
      text: z.string(),
      confidence: z.number(),
      box: z.tuple([point, point, point, point]),
      line: z.number().int().nonnegative(),
    }),
  ),
  lines: z.array(z.string()),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  angle: z.number(),
  language: z.string(),
  model: z.object({ engine: z.string(), name: z.string(), version: z.string() }),
  timings_ms: z.object({
    decode: z.number(),
    detect: z.number(),
    classify: z.number(),
    recognize: z.number(),
    total: z.number(),
  }),
});

// The schema and the interface describe the same shape: each must be assignable to the other.
type SchemaResult = z.infer<typeof ocrResultSchema>;
const sameShape: [SchemaResult, OcrResult] extends [OcrResult, SchemaResult] ? true : never = true;
void sameShape;

export type ParsedOcrResult = { ok: true; result: OcrResult } | { ok: false; problems: string };

/** Reads a result from its JSON text (as BullMQ events carry it) or from the parsed value. */
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
