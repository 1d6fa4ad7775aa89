import { z } from 'zod';
import type { OcrOptions } from '../ocr/ocr-options.js';

/**
 * The data of one OCR job as the gateway writes it and the worker reads it. Versioned: a worker
 * refuses (fails the job with JOB_PAYLOAD_INVALID) data it does not understand instead of
 * crashing on it. The image is never in here: it sits in Redis as raw bytes under `blobKey`.
 */
export const JOB_DATA_VERSION = 1;

/** Which API submitted the job (metrics and logs). */
export const SUBMIT_APIS = ['v1', 'legacy', 'grpc'] as const;
export type SubmitApi = (typeof SUBMIT_APIS)[number];

export const ocrOptionsSchema = z.object({
  language: z.string().min(1).max(64),
  confidence_threshold: z.number().min(0).max(1),
  use_angle_cls: z.boolean(),
});

export const jobDataSchema = z.object({
  v: z.literal(JOB_DATA_VERSION),
  blobKey: z.string().min(1),
  options: ocrOptionsSchema,
  /** Tenant name (never the API key). */
  tenant: z.string().min(1),
  api: z.enum(SUBMIT_APIS),
  /** Epoch ms when the gateway accepted the image. */
  submittedAt: z.number().int().nonnegative(),
  imageBytes: z.number().int().nonnegative(),
  /** SHA-256 of the image, to spot an Idempotency-Key reused with other bytes. */
  imageSha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** Set for jobs that belong to a batch, with the image's position in it. */
  batchId: z.string().optional(),
  batchIndex: z.number().int().nonnegative().optional(),
  filename: z.string().max(512).optional(),
  requestId: z.string().max(128).optional(),
});

export type OcrJobData = z.infer<typeof jobDataSchema> & { options: OcrOptions };

export type ParsedJobData = { ok: true; data: OcrJobData } | { ok: false; problems: string };

export function parseJobData(value: unknown): ParsedJobData {
  const parsed = jobDataSchema.safeParse(value);
  if (parsed.success) return { ok: true, data: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; '),
  };
}
