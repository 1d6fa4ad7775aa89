import { type ServerUnaryCall, type ServerWritableStream, type sendUnaryData, status } from '@grpc/grpc-js';
import { ErrorCodes, OcrError, type OcrV1, isFinished } from '@ocr-pool/contracts';
import type { Logger } from 'pino';
import type { ApiKeyAuthenticator } from '../auth/api-keys.js';
import type { LanguageDirectory } from '../repositories/language-directory.js';
import { type JobService, type SubmitRequest, resultOf } from '../services/job-service.js';
import { knownError } from '../services/known-error.js';
import { resolveOptions } from '../services/option-parser.js';
import { type CallContext, callContext, endedByClient } from './call-context.js';
import { grpcErrorFor } from './grpc-status.js';
import { toProtoJob, toProtoLanguages, toProtoResult } from './grpc-mappers.js';

/**
 * The `ocr.v1.OcrService` handlers: each turns its request into one `JobService` call and the
 * service's answer (or typed error) back into proto messages and a status. Sync calls wait at
 * most until their deadline; the service removes a job still queued when it passes.
 */
export interface OcrGrpcServiceDeps {
  jobs: JobService;
  languages: LanguageDirectory;
  auth: ApiKeyAuthenticator;
  logger: Logger;
  settings: { defaultLanguage: string; syncTimeoutMs: number; maxFiles: number };
  /** Called once per finished call with its method, status code and duration. */
  observe?: (method: string, code: status, seconds: number) => void;
}

type Handler<Req, Res> = (request: Req, context: CallContext) => Promise<Res>;

export function ocrGrpcService(deps: OcrGrpcServiceDeps): OcrV1.OcrServiceHandlers {
  const { jobs, settings } = deps;
  const context = (call: ServerUnaryCall<unknown, unknown> | ServerWritableStream<unknown, unknown>): CallContext =>
    callContext(call, deps.auth, deps.logger, settings.syncTimeoutMs);

  function unary<Req, Res>(method: string, handle: Handler<Req, Res>) {
    return (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>): void => {
      const started = performance.now();
      let log = deps.logger;
      const finish = (answered: status, reply: () => void): void => {
        reply();
        // What the client saw: an answer to a call it had already ended never reached it.
        const code = endedByClient(call) ?? answered;
        const seconds = (performance.now() - started) / 1000;
        deps.observe?.(method, code, seconds);
        log.info({ rpc: method, code, durationMs: Math.round(seconds * 1000) }, 'grpc call');
      };
      Promise.resolve()
        .then(() => {
          const ctx = context(call);
          log = ctx.log;
          return handle(call.request, ctx);
        })
        .then(
          (response) => finish(status.OK, () => callback(null, response)),
          (error: unknown) => {
            const grpcError = grpcErrorFor(logged(error, log, method));
            finish(grpcError.code, () => callback(grpcError));
          },
        );
    };
  }

  const submitRequest = (
    image: OcrV1.Image__Output | null,
    options: OcrV1.OcrOptions__Output | null,
    ctx: CallContext,
    field = 'image',
  ): Omit<SubmitRequest, 'sync'> => {
    if (!image) throw new OcrError(ErrorCodes.REQUEST_INVALID, `No image: set ${field}.data.`, { field });
    return {
      tenant: ctx.tenant,
      bytes: new Uint8Array(image.data.buffer, image.data.byteOffset, image.data.byteLength),
      ...(image.filename ? { filename: image.filename } : {}),
      options: resolveOptions(options ?? {}, { language: settings.defaultLanguage }),
      api: 'grpc',
      requestId: ctx.requestId,
    };
  };

  return {
    ExtractText: unary<OcrV1.ExtractTextRequest__Output, OcrV1.OcrResult>('ExtractText', async (req, ctx) => {
      const view = await jobs.runSync(submitRequest(req.image, req.options, ctx), ctx.timeoutMs, ctx.signal);
      return toProtoResult(resultOf(view));
    }),

    ExtractTextBatch: unary<OcrV1.ExtractTextBatchRequest__Output, OcrV1.ExtractTextBatchResponse>(
      'ExtractTextBatch',
      async (req, ctx) => {
        if (req.images.length === 0)
          throw new OcrError(ErrorCodes.REQUEST_INVALID, 'No images: add one or more to images.', { field: 'images' });
        if (req.images.length > settings.maxFiles)
          throw new OcrError(
            ErrorCodes.TOO_MANY_FILES,
            `${req.images.length} images in one call; at most ${settings.maxFiles}. Split the batch.`,
            { field: 'images' },
          );
        const requests = req.images.map((image, i) => submitRequest(image, req.options, ctx, `images[${i}]`));
        const outcomes = await jobs.runSyncEach(requests, ctx.timeoutMs, ctx.signal);
        if (ctx.signal.aborted) throw new OcrError(ErrorCodes.TIMEOUT, 'The call ended before every image was read.');
        const results = outcomes.map((outcome, i): OcrV1.BatchItem => ({
          filename: req.images[i]!.filename,
          ...(outcome.ok
            ? { result: toProtoResult(outcome.result), job_id: outcome.jobId }
            : {
                error: { code: outcome.error.code, message: outcome.error.message },
                job_id: typeof outcome.error.details.job_id === 'string' ? outcome.error.details.job_id : '',
              }),
        }));
        const succeeded = outcomes.filter((o) => o.ok).length;
        return { results, succeeded, failed: outcomes.length - succeeded };
      },
    ),

    SubmitJob: unary<OcrV1.SubmitJobRequest__Output, OcrV1.Job>('SubmitJob', async (req, ctx) => {
      const { id } = await jobs.submit({
        ...submitRequest(req.image, req.options, ctx),
        sync: false,
        ...(req.idempotency_key ? { idempotencyKey: req.idempotency_key } : {}),
      });
      return toProtoJob(await jobs.view(ctx.tenant, id));
    }),

    GetJob: unary<OcrV1.GetJobRequest__Output, OcrV1.Job>('GetJob', async (req, ctx) =>
      toProtoJob(await jobs.waitForView(ctx.tenant, requireId(req.id), req.wait_seconds, ctx.signal, ctx.answerBy)),
    ),

    CancelJob: unary<OcrV1.CancelJobRequest__Output, OcrV1.Job>('CancelJob', async (req, ctx) =>
      toProtoJob(await jobs.cancel(ctx.tenant, requireId(req.id))),
    ),

    ListLanguages: unary<OcrV1.ListLanguagesRequest__Output, OcrV1.ListLanguagesResponse>('ListLanguages', async () =>
      toProtoLanguages({ default_language: settings.defaultLanguage, languages: await deps.languages.list() }),
    ),

    WatchJob: (call: ServerWritableStream<OcrV1.WatchJobRequest__Output, OcrV1.Job>): void => {
      const started = performance.now();
      let log = deps.logger;
      const finish = (code: status): void => {
        const seconds = (performance.now() - started) / 1000;
        deps.observe?.('WatchJob', code, seconds);
        log.info({ rpc: 'WatchJob', code, durationMs: Math.round(seconds * 1000) }, 'grpc call');
      };
      void (async () => {
        try {
          const ctx = context(call);
          log = ctx.log;
          const id = requireId(call.request.id);
          // Ended by us just before the caller's deadline rather than reset by its client (see answerBy).
          const nearDeadline = new AbortController();
          const timer = Number.isFinite(ctx.answerBy)
            ? setTimeout(() => nearDeadline.abort(), Math.max(0, ctx.answerBy - Date.now()))
            : undefined;
          let ended = false;
          try {
            for await (const view of jobs.watch(ctx.tenant, id, AbortSignal.any([ctx.signal, nearDeadline.signal]))) {
              call.write(toProtoJob(view));
              ended = isFinished(view.status);
            }
          } finally {
            clearTimeout(timer);
          }
          if (ctx.signal.aborted) {
            // The caller went away (cancelled, or its deadline passed): there is no one to end it for.
            finish(ctx.deadlinePassed() ? status.DEADLINE_EXCEEDED : status.CANCELLED);
            return;
          }
          // The job's last status may have been read as the deadline came: then it has ended, and was sent.
          if (nearDeadline.signal.aborted && !ended) {
            throw new OcrError(
              ErrorCodes.TIMEOUT,
              `Job ${id} had not ended when this call's deadline came; watch it again, or poll GetJob.`,
              { job_id: id },
            );
          }
          call.end();
          finish(status.OK);
        } catch (error) {
          const grpcError = grpcErrorFor(logged(error, log, 'WatchJob'));
          call.emit('error', grpcError);
          finish(grpcError.code);
        }
      })();
    },
  };
}

function requireId(id: string): string {
  if (!id) throw new OcrError(ErrorCodes.REQUEST_INVALID, 'Set id to the job id SubmitJob returned.', { field: 'id' });
  return id;
}

/** Unexpected failures are logged in full here; the client gets the code and a safe message. */
function logged(error: unknown, log: Logger, method: string): OcrError {
  const known = knownError(error);
  if (known.code === ErrorCodes.INTERNAL_ERROR) log.error({ err: error, rpc: method }, 'unexpected error');
  return known;
}
