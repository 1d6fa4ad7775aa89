// Original file: proto/ocr/v1/ocr.proto


export interface ModelInfo {
  'engine'?: (string);
  'name'?: (string);
  'version'?: (string);
}

export interface ModelInfo__Output {
  'engine': (string);
  'name': (string);
  'version': (string);
}
