// Original file: proto/ocr/v1/ocr.proto


export interface StageTimings {
  'decode_ms'?: (number | string);
  'detect_ms'?: (number | string);
  'classify_ms'?: (number | string);
  'recognize_ms'?: (number | string);
  'total_ms'?: (number | string);
}

export interface StageTimings__Output {
  'decode_ms': (number);
  'detect_ms': (number);
  'classify_ms': (number);
  'recognize_ms': (number);
  'total_ms': (number);
}
