// Original file: proto/ocr/v1/ocr.proto

import type { Language as _ocr_v1_Language, Language__Output as _ocr_v1_Language__Output } from '../../ocr/v1/Language.js';

export interface ListLanguagesResponse {
  'default_language'?: (string);
  'languages'?: (_ocr_v1_Language)[];
}

export interface ListLanguagesResponse__Output {
  'default_language': (string);
  'languages': (_ocr_v1_Language__Output)[];
}
