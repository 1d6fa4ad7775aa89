import {
  ErrorCodes,
  type JobStatus,
  type JobView,
  decodeFailure,
  jobStatusFromQueueState,
  parseOcrResult,
} from '@ocr-pool/contracts';
import type { OcrJob } from '../repositories/job-queue.js';

/** A BullMQ job as clients see it (`GET /v1/jobs/{id}`). */
export function jobView(job: OcrJob, state: string): JobView {
  const status: JobStatus = jobStatusFromQueueState(state) ?? 'queued';
  const view: JobView = {
    id: job.id!,
    status,
    submitted_at: new Date(job.data.submittedAt || job.timestamp).toISOString(),
    attempts: job.attemptsMade,
  };
  if (job.data.batchId) view.batch_id = job.data.batchId;
  if (job.data.filename) view.filename = job.data.filename;
  if (job.processedOn) view.started_at = new Date(job.processedOn).toISOString();
  if (job.finishedOn && (status === 'completed' || status === 'failed'))
    view.finished_at = new Date(job.finishedOn).toISOString();
  if (status === 'completed') {
    const parsed = parseOcrResult(job.returnvalue);
    if (parsed.ok) view.result = parsed.result;
    else {
      view.status = 'failed';
      view.error = {
        code: ErrorCodes.INTERNAL_ERROR,
        message: `The worker's result for this job could not be read (${parsed.problems}); the worker and this gateway may run different versions. Submit the image again.`,
      };
    }
  }
  if (status === 'failed') view.error = decodeFailure(job.failedReason);
  return view;
}

/** The view of a job that was cancelled before it started (it no longer exists in the queue). */
export function cancelledView(id: string, submittedAt: number): JobView {
  return {
    id,
    status: 'cancelled',
    submitted_at: new Date(submittedAt).toISOString(),
    attempts: 0,
    error: { code: 'CANCELLED', message: 'The job was cancelled before a worker took it.' },
  };
}
