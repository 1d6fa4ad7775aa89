import { z } from 'zod';
import { quadSchema } from './geometry.js';

/** Clockwise rotations a page can be read at. */
export const PAGE_ANGLES = [0, 90, 180, 270] as const;
export type PageAngle = (typeof PAGE_ANGLES)[number];

export const textBoxSchema = z.object({
  text: z.string(),
  confidence: z.number().describe('Mean per-character probability of the recogniser, 0..1.'),
  box: quadSchema,
  line: z.number().int().nonnegative().describe('Index into `lines` of the line this box belongs to.'),
});

export const stageTimingsSchema = z
  .object({
    decode: z.number(),
    detect: z.number(),
    classify: z.number(),
    recognize: z.number(),
    total: z.number(),
  })
  .describe('Milliseconds spent per stage for this image.');

export const modelInfoSchema = z
  .object({ engine: z.string(), name: z.string(), version: z.string() })
  .describe('Which engine and model pack read the image.');

/**
 * The result for one image, the same over HTTP, gRPC, the queue and the CLI. `text`,
 * `overall_confidence` and `text_boxes` are the old BentoML service's response fields.
 *
 * Written once, as schemas: the TypeScript types are inferred from them, gateways parse workers'
 * results with them (`parseOcrResult`), and the OpenAPI document's `OcrResult` is generated from
 * them (`api/openapi.ts`), so the three cannot drift apart.
 */
export const ocrResultSchema = z.object({
  text: z.string().describe('Lines in reading order joined with `\\n`.'),
  overall_confidence: z
    .number()
    .describe('Mean box confidence weighted by text length, 0..1 (0 when nothing was read).'),
  text_boxes: z.array(textBoxSchema).describe('Boxes in reading order.'),
  lines: z.array(z.string()).describe('Visual lines in reading order: boxes on one line joined with a space.'),
  width: z.number().int().positive().describe('Image width after EXIF orientation was applied.'),
  height: z.number().int().positive().describe('Image height after EXIF orientation was applied.'),
  angle: z.literal(PAGE_ANGLES).describe('Clockwise rotation in degrees applied to read the page upright.'),
  language: z.string().describe('Canonical code of the language the image was read as.'),
  model: modelInfoSchema,
  timings_ms: stageTimingsSchema,
});

export type TextBox = z.infer<typeof textBoxSchema>;
export type StageTimings = z.infer<typeof stageTimingsSchema>;
export type ModelInfo = z.infer<typeof modelInfoSchema>;
export type OcrResult = z.infer<typeof ocrResultSchema>;
