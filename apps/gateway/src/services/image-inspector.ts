import { createHash } from 'node:crypto';
import sharp, { type Metadata } from 'sharp';
import { DECODABLE_FORMATS, ErrorCodes, OcrError, imageDimensions, sniffFormat } from '@ocr-pool/contracts';

/**
 * What the gateway checks before it accepts an image: size, format from the magic bytes, and
 * pixel count from the header (sharp reads only the header here; nothing is decoded). The worker
 * decodes; the gateway only refuses what it can refuse cheaply, with the same error codes.
 */
export interface InspectedImage {
  format: string;
  width: number;
  height: number;
  sha256: string;
}

export class ImageInspector {
  constructor(
    private readonly maxBytes: number,
    private readonly maxPixels: number,
  ) {}

  async inspect(bytes: Uint8Array, field = 'image'): Promise<InspectedImage> {
    if (bytes.length === 0) {
      throw new OcrError(ErrorCodes.IMAGE_EMPTY, `The ${field} is empty (0 bytes): send the file contents.`, { field });
    }
    if (bytes.length > this.maxBytes) {
      throw new OcrError(
        ErrorCodes.IMAGE_TOO_LARGE,
        `The ${field} is ${bytes.length} bytes; the limit is ${this.maxBytes}.`,
        { field },
      );
    }
    const format = sniffFormat(bytes);
    if (format === undefined) {
      throw new OcrError(
        ErrorCodes.IMAGE_UNREADABLE,
        `The ${field} is not an image in a supported format (${DECODABLE_FORMATS.join(', ')}).`,
        { field },
      );
    }
    if (!DECODABLE_FORMATS.includes(format)) {
      throw new OcrError(
        ErrorCodes.IMAGE_FORMAT_UNSUPPORTED,
        `${format.toUpperCase()} is not accepted; convert the ${field} to one of: ${DECODABLE_FORMATS.join(', ')}.`,
        { field, format },
      );
    }
    // Common formats: the header is parsed right here; others go through sharp's header reader.
    const { width, height } = imageDimensions(bytes, format) ?? (await this.headerViaSharp(bytes, field, format));
    if (width * height > this.maxPixels) {
      throw new OcrError(
        ErrorCodes.IMAGE_TOO_MANY_PIXELS,
        `The ${field} is ${width}x${height} = ${width * height} pixels; the limit is ${this.maxPixels}. Scale it down.`,
        { field, width, height },
      );
    }
    if (width === 0 || height === 0) {
      throw new OcrError(ErrorCodes.IMAGE_UNREADABLE, `The ${field} has no pixels (${width}x${height}).`, { field });
    }
    return { format, width, height, sha256: createHash('sha256').update(bytes).digest('hex') };
  }

  private async headerViaSharp(
    bytes: Uint8Array,
    field: string,
    format: string,
  ): Promise<{ width: number; height: number }> {
    try {
      const meta: Metadata = await sharp(bytes, { limitInputPixels: false }).metadata();
      return { width: meta.width ?? 0, height: meta.height ?? 0 };
    } catch (error) {
      const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
      throw new OcrError(
        ErrorCodes.IMAGE_UNREADABLE,
        `The ${field} could not be read as ${format.toUpperCase()} (${reason}).`,
        { field, format },
      );
    }
  }
}
