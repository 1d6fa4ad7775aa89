// Original file: proto/ocr/v1/ocr.proto


export interface GetJobRequest {
  'id'?: (string);
  /**
   * Wait up to this many seconds for the job to finish (long polling); 0 answers at once.
   */
  'wait_seconds'?: (number);
}

export interface GetJobRequest__Output {
  'id': (string);
  /**
   * Wait up to this many seconds for the job to finish (long polling); 0 answers at once.
   */
  'wait_seconds': (number);
}
