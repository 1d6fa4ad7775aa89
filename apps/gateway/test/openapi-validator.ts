import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';

/**
 * Checks real responses against the OpenAPI document the gateway serves, with a JSON Schema
 * validator that knows nothing of our zod schemas or TypeScript types: a status, content type or
 * body shape the document does not describe is a failure, naming what differs.
 */
export class OpenApiValidator {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });
  private readonly compiled = new Map<string, ValidateFunction>();

  private constructor(private readonly document: OpenApiDocument) {
    this.ajv.addFormat('binary', true);
    this.ajv.addFormat(
      'date-time',
      (s: string) => /^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(s) && !Number.isNaN(Date.parse(s)),
    );
    this.ajv.addSchema(document, DOCUMENT_ID);
  }

  /** Reads the document from a running gateway. */
  static async fetch(baseUrl: string): Promise<OpenApiValidator> {
    const res = await fetch(`${baseUrl}/openapi.json`);
    if (!res.ok) throw new Error(`GET /openapi.json answered ${res.status}`);
    return new OpenApiValidator((await res.json()) as OpenApiDocument);
  }

  /**
   * Problems with `response` (already read into `body`) as the answer to `method route`, where
   * `route` is the document's path template (`/v1/jobs/{id}`). Empty when it conforms.
   */
  problems(method: string, route: string, response: Response, body: unknown): string[] {
    const operation = this.document.paths[route]?.[method.toLowerCase()];
    if (!operation) return [`${method} ${route} is not in the document`];
    const status = String(response.status);
    const documented = operation.responses[status];
    if (!documented) return [`${method} ${route}: status ${status} is not documented`];
    const contentType = (response.headers.get('content-type') ?? '').split(';')[0]!.trim();
    if (!documented.content) return [];
    if (!documented.content[contentType]) {
      return [`${method} ${route} ${status}: content type ${contentType || '(none)'} is not documented`];
    }
    const pointer = ['paths', route, method.toLowerCase(), 'responses', status, 'content', contentType, 'schema']
      .map((token) => encodeURIComponent(token.replaceAll('~', '~0').replaceAll('/', '~1')))
      .join('/');
    const ref = `${DOCUMENT_ID}#/${pointer}`;
    let validate = this.compiled.get(ref);
    if (!validate) {
      validate = this.ajv.compile({ $ref: ref });
      this.compiled.set(ref, validate);
    }
    if (validate(body)) return [];
    return (validate.errors ?? []).map(
      (e) => `${method} ${route} ${status}: ${e.instancePath || '(body)'} ${e.message ?? 'is invalid'}`,
    );
  }
}

const DOCUMENT_ID = 'https://ocr-pool.invalid/openapi.json';

interface OpenApiDocument {
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>>;
}
