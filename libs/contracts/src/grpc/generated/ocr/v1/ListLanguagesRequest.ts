// Original file: proto/ocr/v1/ocr.proto


export interface ListLanguagesRequest {
}

export interface ListLanguagesRequest__Output {
}
