import type { NextFunction, Request, RequestHandler, Response } from 'express';
import multer from 'multer';
import { ErrorCodes, OcrError } from '@ocr-pool/contracts';
import { BoundedMemoryStorage, RequestTooLarge } from './bounded-memory-storage.js';

/**
 * Multipart parsing with every limit enforced while the body streams in (multer counts bytes and
 * parts as they arrive), so an oversized or many-part upload is refused before it is buffered.
 */
export interface UploadLimits {
  maxImageBytes: number;
  maxFiles: number;
  /** All files of one request together (a batch of `maxFiles` large images would not fit in memory). */
  maxRequestBytes: number;
}

/** Text fields are options: short. */
const MAX_FIELD_BYTES = 1024;
const MAX_FIELDS = 16;

export class Uploads {
  constructor(private readonly limits: UploadLimits) {}

  single(field: string): RequestHandler {
    return this.wrap(this.multer(1).single(field), field);
  }

  many(field: string): RequestHandler {
    return this.wrap(this.multer(this.limits.maxFiles).array(field, this.limits.maxFiles), field);
  }

  private multer(files: number): multer.Multer {
    return multer({
      storage: new BoundedMemoryStorage(this.limits.maxRequestBytes),
      // Browsers, fetch and Python's requests send a file name as raw UTF-8 (`영수증.png`); read as
      // multer's default latin1 it would come back garbled in results and job views.
      defParamCharset: 'utf8',
      limits: {
        fileSize: this.limits.maxImageBytes,
        files,
        fields: MAX_FIELDS,
        fieldSize: MAX_FIELD_BYTES,
        parts: files + MAX_FIELDS,
        fieldNameSize: 100,
      },
    });
  }

  private wrap(handler: RequestHandler, field: string): RequestHandler {
    return (req: Request, res: Response, next: NextFunction) => {
      handler(req, res, (error?: unknown) =>
        next(error === undefined ? undefined : uploadError(error, field, this.limits)),
      );
    };
  }
}

function uploadError(error: unknown, field: string, limits: UploadLimits): unknown {
  if (error instanceof RequestTooLarge) {
    return new OcrError(
      ErrorCodes.IMAGE_TOO_LARGE,
      `The files of this request add up to more than ${limits.maxRequestBytes} bytes. Send fewer images per request.`,
      { field },
    );
  }
  if (!(error instanceof multer.MulterError)) {
    if (error instanceof Error && /multipart|boundary|Unexpected end of form|Malformed/i.test(error.message)) {
      return new OcrError(ErrorCodes.REQUEST_INVALID, `The multipart body could not be parsed (${error.message}).`);
    }
    return error;
  }
  switch (error.code) {
    case 'LIMIT_FILE_SIZE':
      return new OcrError(
        ErrorCodes.IMAGE_TOO_LARGE,
        `A file is larger than ${limits.maxImageBytes} bytes. Send a smaller or more compressed image.`,
        { field },
      );
    case 'LIMIT_FILE_COUNT':
      return new OcrError(
        ErrorCodes.TOO_MANY_FILES,
        `Too many files: at most ${field === 'images' ? limits.maxFiles : 1} per request.`,
        { field },
      );
    case 'LIMIT_PART_COUNT':
    case 'LIMIT_FIELD_COUNT':
      return new OcrError(
        ErrorCodes.TOO_MANY_FILES,
        `Too many parts in the request: at most ${limits.maxFiles} files and ${MAX_FIELDS} fields.`,
      );
    case 'LIMIT_FIELD_VALUE':
      return new OcrError(
        ErrorCodes.INVALID_OPTION,
        `The field "${error.field ?? '?'}" is longer than ${MAX_FIELD_BYTES} bytes.`,
        { field: error.field ?? '' },
      );
    case 'LIMIT_FIELD_KEY':
      return new OcrError(ErrorCodes.REQUEST_INVALID, 'A field name is too long.');
    case 'LIMIT_UNEXPECTED_FILE':
      return new OcrError(
        ErrorCodes.REQUEST_INVALID,
        `Unexpected file field "${error.field ?? '?'}": send the file${field === 'images' ? 's' : ''} in "${field}".`,
        { field: error.field ?? '' },
      );
    default:
      return new OcrError(ErrorCodes.REQUEST_INVALID, `The upload was refused (${error.message}).`);
  }
}
