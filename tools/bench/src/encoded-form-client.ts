import http from 'node:http';
import type { OcrResult } from '@ocr-pool/contracts';

/**
 * Posts one image to `/extract_text` over a kept-alive `node:http` connection, with its multipart
 * body encoded once up front: what `hey`, `wrk` or a tuned service client send. Beside the
 * benchmarks' `fetch` + `FormData` client it shows how much of a request's time outside the
 * engine is the client's own (undici encodes and streams the form on every call).
 */
const BOUNDARY = '----ocr-pool-bench-form';

export class EncodedFormClient {
  private readonly body: Buffer;
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  private readonly url: URL;

  constructor(baseUrl: string, image: Uint8Array, language: string) {
    this.url = new URL('/extract_text', baseUrl);
    this.body = Buffer.concat([
      Buffer.from(
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="language"\r\n\r\n${language}\r\n` +
          `--${BOUNDARY}\r\nContent-Disposition: form-data; name="image"; filename="image"\r\n` +
          'Content-Type: application/octet-stream\r\n\r\n',
      ),
      image,
      Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
    ]);
  }

  /** The result; any status but 200 throws, with the body. */
  read(): Promise<OcrResult> {
    return new Promise((resolve, reject) => {
      const request = http.request(
        this.url,
        {
          method: 'POST',
          agent: this.agent,
          headers: {
            'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
            'content-length': this.body.length,
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            if (response.statusCode !== 200) reject(new Error(`HTTP ${response.statusCode}: ${text}`));
            else resolve(JSON.parse(text) as OcrResult);
          });
        },
      );
      request.on('error', reject);
      request.end(this.body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
