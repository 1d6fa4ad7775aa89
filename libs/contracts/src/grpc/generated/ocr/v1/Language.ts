// Original file: proto/ocr/v1/ocr.proto


export interface Language {
  'code'?: (string);
  'name'?: (string);
  'aliases'?: (string)[];
  'engine'?: (string);
  'pack'?: (string);
}

export interface Language__Output {
  'code': (string);
  'name': (string);
  'aliases': (string)[];
  'engine': (string);
  'pack': (string);
}
