import type { JobStatus, JobView, LanguagesResponse, OcrResult, OcrV1 } from '@ocr-pool/contracts';

/**
 * Domain types to the proto's messages and back. The HTTP API sends the domain types as JSON;
 * gRPC sends these, so both carry the same fields from the same values.
 */
const PROTO_STATUS: Readonly<Record<JobStatus, OcrV1.JobStatus__Output>> = {
  queued: 'JOB_STATUS_QUEUED',
  active: 'JOB_STATUS_ACTIVE',
  completed: 'JOB_STATUS_COMPLETED',
  failed: 'JOB_STATUS_FAILED',
  cancelled: 'JOB_STATUS_CANCELLED',
};

export function toProtoResult(result: OcrResult): OcrV1.OcrResult {
  return {
    text: result.text,
    overall_confidence: result.overall_confidence,
    text_boxes: result.text_boxes.map((box) => ({
      text: box.text,
      confidence: box.confidence,
      box: box.box.map(([x, y]) => ({ x, y })),
      line: box.line,
    })),
    lines: result.lines,
    width: result.width,
    height: result.height,
    angle: result.angle,
    language: result.language,
    model: result.model,
    timings: {
      decode_ms: result.timings_ms.decode,
      detect_ms: result.timings_ms.detect,
      classify_ms: result.timings_ms.classify,
      recognize_ms: result.timings_ms.recognize,
      total_ms: result.timings_ms.total,
    },
  };
}

export function toProtoJob(view: JobView): OcrV1.Job {
  return {
    id: view.id,
    status: PROTO_STATUS[view.status],
    result: view.result ? toProtoResult(view.result) : null,
    error: view.error ?? null,
    submitted_at: view.submitted_at,
    started_at: view.started_at ?? '',
    finished_at: view.finished_at ?? '',
    attempts: view.attempts,
    filename: view.filename ?? '',
    batch_id: view.batch_id ?? '',
  };
}

export function toProtoLanguages(response: LanguagesResponse): OcrV1.ListLanguagesResponse {
  return {
    default_language: response.default_language,
    languages: response.languages.map((l) => ({ ...l, pack: l.pack ?? '' })),
  };
}
