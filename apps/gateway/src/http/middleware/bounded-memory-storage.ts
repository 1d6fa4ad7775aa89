import type { Request } from 'express';
import type multer from 'multer';

/** The files of one request passed the request's byte limit. */
export class RequestTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`the request's files add up to more than ${limit} bytes`);
  }
}

/**
 * multer's memory storage with one more limit: the bytes of all files of a request together.
 * multer bounds each file and the number of files, but a batch of many files at the size limit
 * would still be held whole (100 x 20 MiB), past a gateway's memory. Counted while the parts
 * stream in, so the request is refused at the first byte over, not after it is buffered.
 */
export class BoundedMemoryStorage implements multer.StorageEngine {
  private readonly received = new WeakMap<Request, number>();

  constructor(private readonly maxRequestBytes: number) {}

  _handleFile(
    req: Request,
    file: Express.Multer.File,
    callback: (error?: unknown, info?: Partial<Express.Multer.File>) => void,
  ): void {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (error?: unknown, info?: Partial<Express.Multer.File>): void => {
      if (done) return;
      done = true;
      callback(error, info);
    };
    file.stream.on('data', (chunk: Buffer) => {
      if (done) return;
      const total = (this.received.get(req) ?? 0) + chunk.length;
      this.received.set(req, total);
      if (total > this.maxRequestBytes) {
        chunks.length = 0;
        // Drained without keeping: multer ends the request with this error.
        file.stream.resume();
        return finish(new RequestTooLarge(this.maxRequestBytes));
      }
      chunks.push(chunk);
      size += chunk.length;
    });
    file.stream.on('error', (error: unknown) => finish(error));
    file.stream.on('end', () => finish(undefined, { buffer: Buffer.concat(chunks, size), size }));
  }

  _removeFile(_req: Request, file: Express.Multer.File, callback: (error: Error | null) => void): void {
    // The bytes are only referenced from the file object: dropping them frees them.
    Object.assign(file, { buffer: undefined });
    callback(null);
  }
}
