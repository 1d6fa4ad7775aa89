import { z } from 'zod';
import { ErrorCodes } from '../errors/error-codes.js';
import { JOB_STATUSES } from '../jobs/job-status.js';
import { pointSchema } from '../ocr/geometry.js';
import { ocrResultSchema, textBoxSchema } from '../ocr/ocr-result.js';

/**
 * The OpenAPI 3.1 description of the HTTP API, served at `/openapi.json` and rendered at `/docs`.
 * Written next to the response types it describes (`http-types.ts`) so the two change together;
 * the result's schemas are generated from the zod schemas in `ocr/ocr-result.ts`. Gateway tests
 * check that every route the gateway serves is documented here, and that its answers match.
 */
type Schema = Record<string, unknown>;

const componentUri = (name: string): string => `#/components/schemas/${name}`;
const ref = (name: string): Schema => ({ $ref: componentUri(name) });
const json = (schema: Schema, description: string): Schema => ({
  description,
  content: { 'application/json': { schema } },
});
const problem = (description: string): Schema => ({
  description,
  content: { 'application/problem+json': { schema: ref('Problem') } },
});

const optionFields: Record<string, Schema> = {
  language: {
    type: 'string',
    description: 'Language name or alias (`en`, `english`, `ch`, `korean`, ...). See `GET /v1/languages`.',
  },
  confidence_threshold: {
    type: 'number',
    minimum: 0,
    maximum: 1,
    default: 0.5,
    description: 'Boxes read with a lower confidence are left out.',
  },
  use_angle_cls: {
    type: 'boolean',
    default: true,
    description: 'Detect and read upside-down text. Form values `true/false/1/0/yes/no` (any case).',
  },
};

const singleImageBody = (legacyDefaults: boolean): Schema => ({
  required: true,
  content: {
    'multipart/form-data': {
      schema: {
        type: 'object',
        required: ['image'],
        properties: {
          image: { type: 'string', format: 'binary', description: 'JPEG, PNG, WebP, TIFF, GIF (first frame) or AVIF.' },
          ...optionFields,
          ...(legacyDefaults ? { language: { ...optionFields.language, default: 'korean' } } : {}),
        },
      },
    },
    ...(legacyDefaults ? {} : { 'image/*': { schema: { type: 'string', format: 'binary' } } }),
  },
});

const commonErrors = {
  '400': problem('No image, an empty one, or a malformed request: `detail` says what to send.'),
  '401': problem('Missing or unknown API key (`Authorization: Bearer KEY` or `X-API-Key: KEY`).'),
  '413': problem(
    'An image is larger than `MAX_IMAGE_BYTES`, or the files of the request together are larger than `MAX_REQUEST_BYTES`.',
  ),
  '415': problem('The upload is not an image in a supported format (SVG and PDF are refused).'),
  '422': problem('An option or the image is invalid (`field` names which), e.g. too many pixels.'),
  '429': problem(
    'The queue holds more than `MAX_QUEUE_DEPTH` jobs (`QUEUE_FULL`), or this API key submitted faster than `RATE_LIMIT_PER_SECOND` (`RATE_LIMITED`); retry after `Retry-After` seconds.',
  ),
  '503': problem(
    'Redis is unreachable or did not answer within `REDIS_COMMAND_TIMEOUT_MS`, or this gateway is shutting down (`UNAVAILABLE`, with `Retry-After`): retry, another replica takes it. A submit answered so is not queued.',
  ),
};

/** What every route that reads jobs from Redis may answer besides its own statuses. */
const readErrors = {
  '400': problem('A malformed request, e.g. a job id that is not valid percent-encoding.'),
  '401': commonErrors['401'],
  '503': problem(
    'Redis is unreachable or did not answer within `REDIS_COMMAND_TIMEOUT_MS` (`UNAVAILABLE`, with `Retry-After`): retry.',
  ),
};

/**
 * The result's schemas, generated from the zod schemas the gateways parse results with. `input`
 * mode leaves `additionalProperties` open: a client validating against this document keeps working
 * when a later version adds a field. Each component drops the `$schema`/`$id` that JSON Schema
 * output carries, which OpenAPI components do not take.
 */
function generatedComponents(schemas: Record<string, z.ZodType>): Record<string, Schema> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(schemas)) registry.add(schema, { id });
  const generated = z.toJSONSchema(registry, { uri: componentUri, io: 'input' }).schemas;
  return Object.fromEntries(
    Object.entries(generated).map(([id, { $schema: _s, $id: _i, ...schema }]) => [id, schema as Schema]),
  );
}

const resultSchemas = generatedComponents({ Point: pointSchema, TextBox: textBoxSchema, OcrResult: ocrResultSchema });

const jobIdParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };

export const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'ocr-pool',
    version: '1.0.0',
    description:
      'Queue-backed OCR. Submit images and poll (`/v1/jobs`), or wait synchronously (`/extract_text`, the old ' +
      "service's API). Errors are `application/problem+json` with a stable `code`.",
  },
  components: {
    securitySchemes: {
      bearer: { type: 'http', scheme: 'bearer' },
      apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
    },
    schemas: {
      ...resultSchemas,
      JobAccepted: {
        type: 'object',
        required: ['id', 'status'],
        properties: { id: { type: 'string' }, status: { type: 'string', enum: [...JOB_STATUSES] } },
      },
      JobView: {
        type: 'object',
        required: ['id', 'status', 'submitted_at', 'attempts'],
        properties: {
          id: { type: 'string' },
          status: { type: 'string', enum: [...JOB_STATUSES] },
          batch_id: { type: 'string' },
          filename: { type: 'string' },
          result: ref('OcrResult'),
          error: ref('JobError'),
          submitted_at: { type: 'string', format: 'date-time' },
          started_at: { type: 'string', format: 'date-time' },
          finished_at: { type: 'string', format: 'date-time' },
          attempts: { type: 'integer' },
        },
      },
      JobError: {
        type: 'object',
        required: ['code', 'message'],
        properties: { code: { type: 'string', enum: Object.values(ErrorCodes) }, message: { type: 'string' } },
      },
      BatchAccepted: {
        type: 'object',
        required: ['id', 'status', 'jobs'],
        properties: {
          id: { type: 'string' },
          status: { type: 'string' },
          jobs: { type: 'array', items: ref('JobAccepted') },
        },
      },
      BatchView: {
        type: 'object',
        required: ['id', 'status', 'counts', 'jobs'],
        properties: {
          id: { type: 'string' },
          status: { type: 'string', enum: ['queued', 'active', 'completed', 'failed', 'partial'] },
          counts: { type: 'object', additionalProperties: { type: 'integer' } },
          jobs: { type: 'array', items: ref('JobView') },
        },
      },
      LegacyBatchResponse: {
        type: 'object',
        properties: {
          results: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                filename: { type: 'string' },
                success: { type: 'boolean' },
                result: ref('OcrResult'),
                error: ref('JobError'),
              },
            },
          },
          total: { type: 'integer' },
          succeeded: { type: 'integer' },
          failed: { type: 'integer' },
        },
      },
      Language: {
        type: 'object',
        properties: {
          code: { type: 'string' },
          name: { type: 'string' },
          aliases: { type: 'array', items: { type: 'string' } },
          engine: { type: 'string' },
          pack: { type: 'string' },
        },
      },
      Problem: {
        type: 'object',
        required: ['type', 'title', 'status', 'detail', 'code'],
        properties: {
          type: { type: 'string' },
          title: { type: 'string' },
          status: { type: 'integer' },
          detail: { type: 'string', description: 'What went wrong and what to send instead.' },
          code: { type: 'string', enum: Object.values(ErrorCodes) },
          field: { type: 'string' },
          job_id: { type: 'string' },
          installed: { type: 'array', items: { type: 'string' } },
          retry_after_seconds: { type: 'integer' },
        },
      },
      Health: {
        type: 'object',
        properties: { status: { type: 'string', enum: ['ok', 'unavailable'] }, checks: { type: 'object' } },
      },
    },
  },
  security: [{ bearer: [] }, { apiKey: [] }],
  paths: {
    '/v1/jobs': {
      post: {
        summary: 'Submit one image; returns at once with the job id',
        parameters: [{ name: 'Idempotency-Key', in: 'header', schema: { type: 'string', maxLength: 200 } }],
        requestBody: singleImageBody(false),
        responses: {
          '202': {
            ...json(ref('JobAccepted'), 'Accepted. `Location` points at the job.'),
            headers: { Location: { schema: { type: 'string' } } },
          },
          '409': problem(
            'The Idempotency-Key was used before (or at the same moment) with a different image or options, or its job was cancelled while this request was accepted.',
          ),
          ...commonErrors,
        },
      },
    },
    '/v1/jobs/{id}': {
      get: {
        summary: 'Job status, and the result or error once finished',
        parameters: [
          jobIdParam,
          {
            name: 'wait',
            in: 'query',
            schema: { type: 'number', minimum: 0 },
            description:
              "Long-poll up to this many seconds (fractions allowed) for the job to finish; capped at the gateway's `MAX_WAIT_SECONDS` (60 by default). A gateway that starts to shut down answers at once with the job as it is.",
          },
        ],
        responses: {
          '200': json(ref('JobView'), 'The job.'),
          '404': problem('No such job for this API key.'),
          '422': problem('`wait` is not a number of seconds, 0 or more (`INVALID_OPTION`, `field`: `wait`).'),
          ...readErrors,
        },
      },
      delete: {
        summary: 'Cancel a job that has not started',
        parameters: [jobIdParam],
        responses: {
          '200': json(ref('JobView'), 'Cancelled.'),
          '404': problem('No such job for this API key.'),
          '409': problem('The job has started or finished and cannot be cancelled.'),
          ...readErrors,
        },
      },
    },
    '/v1/jobs/{id}/annotated.png': {
      get: {
        summary: "The job's result drawn over its image",
        description:
          'A PNG of the image (upright by its EXIF orientation) with every box drawn as its quadrilateral, numbered in reading order and coloured by confidence (red at 0.5 and below, green at 1), beside a panel listing the numbered texts. Available while workers keep the image after completion (`IMAGE_RETENTION_SECONDS`).',
        parameters: [jobIdParam],
        responses: {
          '200': {
            description: 'The annotated image.',
            content: { 'image/png': { schema: { type: 'string', format: 'binary' } } },
          },
          '404': problem('No such job for this API key.'),
          '409': problem(
            'The job has no result to draw (`JOB_NOT_FINISHED`): still queued or running (poll `GET /v1/jobs/{id}`), or it failed or was cancelled.',
          ),
          '410': problem('The image is no longer kept (`IMAGE_EXPIRED`); the JSON result may still be read.'),
          ...readErrors,
          '503': problem(
            'Redis is unreachable or slow, or this gateway is drawing as many results as it may at once (`UNAVAILABLE`, with `Retry-After`): retry.',
          ),
        },
      },
    },
    '/v1/batches': {
      post: {
        summary: 'Submit many images as one batch',
        requestBody: {
          required: true,
          content: {
            'multipart/form-data': {
              schema: {
                type: 'object',
                required: ['images'],
                properties: { images: { type: 'array', items: { type: 'string', format: 'binary' } }, ...optionFields },
              },
            },
          },
        },
        responses: { '202': json(ref('BatchAccepted'), 'Accepted.'), ...commonErrors },
      },
    },
    '/v1/batches/{id}': {
      get: {
        summary: 'Per-image status and results of a batch',
        parameters: [jobIdParam],
        responses: {
          '200': json(ref('BatchView'), 'The batch.'),
          '404': problem('No such batch for this API key.'),
          ...readErrors,
        },
      },
    },
    '/v1/languages': {
      get: {
        summary: 'Languages every running worker can read (what submissions may ask for)',
        responses: {
          '200': json(
            {
              type: 'object',
              properties: {
                default_language: { type: 'string' },
                languages: { type: 'array', items: ref('Language') },
              },
            },
            'Installed languages.',
          ),
          '401': commonErrors['401'],
        },
      },
    },
    '/extract_text': {
      post: {
        summary: 'Old service API: read one image and wait for the text',
        requestBody: singleImageBody(true),
        responses: {
          '200': json(ref('OcrResult'), 'The text (`text`, `overall_confidence`, `text_boxes`, ...).'),
          '504': problem(
            'Not finished within `SYNC_TIMEOUT_MS`; poll `GET /v1/jobs/{job_id}` instead of resubmitting.',
          ),
          ...commonErrors,
        },
      },
    },
    '/extract_text_batch': {
      post: {
        summary: 'Old service API: read many images and wait for all',
        requestBody: {
          required: true,
          content: {
            'multipart/form-data': {
              schema: {
                type: 'object',
                required: ['images'],
                properties: {
                  images: { type: 'array', items: { type: 'string', format: 'binary' } },
                  ...optionFields,
                  language: { ...optionFields.language, default: 'korean' },
                },
              },
            },
          },
        },
        responses: {
          '200': json(
            ref('LegacyBatchResponse'),
            'One entry per image, in upload order. An image that fails (unreadable, refused, not finished within SYNC_TIMEOUT_MS: `TIMEOUT`) is an entry with `success: false` and its error; the others still read.',
          ),
          ...commonErrors,
        },
      },
    },
    '/health_check': {
      get: {
        summary: 'Old service health check',
        security: [],
        responses: { '200': json(ref('Health'), 'Healthy.'), '503': json(ref('Health'), 'Redis unreachable.') },
      },
    },
    '/healthz': { get: { summary: 'Liveness', security: [], responses: { '200': json(ref('Health'), 'Alive.') } } },
    '/livez': { get: { summary: 'Liveness', security: [], responses: { '200': json(ref('Health'), 'Alive.') } } },
    '/readyz': {
      get: {
        summary: 'Readiness: Redis reachable, not shutting down',
        security: [],
        responses: { '200': json(ref('Health'), 'Ready.'), '503': json(ref('Health'), 'Not ready.') },
      },
    },
    '/metrics': {
      get: {
        summary: 'Prometheus metrics',
        security: [],
        responses: { '200': { description: 'Prometheus text format.' } },
      },
    },
    '/openapi.json': {
      get: { summary: 'This document', security: [], responses: { '200': { description: 'OpenAPI 3.1.' } } },
    },
    '/docs': { get: { summary: 'Swagger UI', security: [], responses: { '200': { description: 'HTML.' } } } },
  },
} as const;
