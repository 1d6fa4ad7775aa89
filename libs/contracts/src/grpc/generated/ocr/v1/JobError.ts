// Original file: proto/ocr/v1/ocr.proto


/**
 * A failure with the service's stable code (IMAGE_UNREADABLE, LANGUAGE_UNAVAILABLE, ...).
 */
export interface JobError {
  'code'?: (string);
  'message'?: (string);
}

/**
 * A failure with the service's stable code (IMAGE_UNREADABLE, LANGUAGE_UNAVAILABLE, ...).
 */
export interface JobError__Output {
  'code': (string);
  'message': (string);
}
