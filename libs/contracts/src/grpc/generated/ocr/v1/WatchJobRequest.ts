// Original file: proto/ocr/v1/ocr.proto


export interface WatchJobRequest {
  'id'?: (string);
}

export interface WatchJobRequest__Output {
  'id': (string);
}
