// Original file: proto/ocr/v1/ocr.proto

export const JobStatus = {
  JOB_STATUS_UNSPECIFIED: 'JOB_STATUS_UNSPECIFIED',
  JOB_STATUS_QUEUED: 'JOB_STATUS_QUEUED',
  JOB_STATUS_ACTIVE: 'JOB_STATUS_ACTIVE',
  JOB_STATUS_COMPLETED: 'JOB_STATUS_COMPLETED',
  JOB_STATUS_FAILED: 'JOB_STATUS_FAILED',
  JOB_STATUS_CANCELLED: 'JOB_STATUS_CANCELLED',
} as const;

export type JobStatus =
  | 'JOB_STATUS_UNSPECIFIED'
  | 0
  | 'JOB_STATUS_QUEUED'
  | 1
  | 'JOB_STATUS_ACTIVE'
  | 2
  | 'JOB_STATUS_COMPLETED'
  | 3
  | 'JOB_STATUS_FAILED'
  | 4
  | 'JOB_STATUS_CANCELLED'
  | 5

export type JobStatus__Output = typeof JobStatus[keyof typeof JobStatus]
