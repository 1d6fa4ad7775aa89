import {
  type CallOptions,
  type ChannelCredentials,
  type ClientReadableStream,
  Metadata,
  credentials,
  type requestCallback,
} from '@grpc/grpc-js';
import { loadOcrProto } from './ocr-proto.js';
import type * as OcrV1 from './ocr-v1.js';

/**
 * A promise-based client of `ocr.v1.OcrService`, typed by the generated types: what tests,
 * benchmarks and Node services use instead of callback stubs. Every call takes optional metadata
 * (`authorization: Bearer KEY`, `x-request-id`) and call options (`deadline`).
 */
export interface OcrClient {
  extractText(
    request: OcrV1.ExtractTextRequest,
    metadata?: Metadata,
    options?: CallOptions,
  ): Promise<OcrV1.OcrResult__Output>;
  extractTextBatch(
    request: OcrV1.ExtractTextBatchRequest,
    metadata?: Metadata,
    options?: CallOptions,
  ): Promise<OcrV1.ExtractTextBatchResponse__Output>;
  submitJob(request: OcrV1.SubmitJobRequest, metadata?: Metadata, options?: CallOptions): Promise<OcrV1.Job__Output>;
  getJob(request: OcrV1.GetJobRequest, metadata?: Metadata, options?: CallOptions): Promise<OcrV1.Job__Output>;
  cancelJob(request: OcrV1.CancelJobRequest, metadata?: Metadata, options?: CallOptions): Promise<OcrV1.Job__Output>;
  listLanguages(
    request?: OcrV1.ListLanguagesRequest,
    metadata?: Metadata,
    options?: CallOptions,
  ): Promise<OcrV1.ListLanguagesResponse__Output>;
  watchJob(
    request: OcrV1.WatchJobRequest,
    metadata?: Metadata,
    options?: CallOptions,
  ): ClientReadableStream<OcrV1.Job__Output>;
  /** The generated callback stub, for what the wrapper does not cover. */
  readonly stub: OcrV1.OcrServiceClient;
  close(): void;
}

type Unary<Req, Res> = (
  request: Req,
  metadata: Metadata,
  options: CallOptions,
  callback: requestCallback<Res>,
) => unknown;

function promised<Req, Res>(method: Unary<Req, Res>) {
  return (request: Req, metadata = new Metadata(), options: CallOptions = {}): Promise<Res> =>
    new Promise((resolve, reject) =>
      method(request, metadata, options, (error, response) => (error ? reject(error) : resolve(response!))),
    );
}

export function createOcrClient(
  address: string,
  channelCredentials: ChannelCredentials = credentials.createInsecure(),
): OcrClient {
  const stub = new (loadOcrProto().ocr.v1.OcrService)(address, channelCredentials);
  return {
    stub,
    extractText: promised<OcrV1.ExtractTextRequest, OcrV1.OcrResult__Output>((r, m, o, cb) =>
      stub.extractText(r, m, o, cb),
    ),
    extractTextBatch: promised<OcrV1.ExtractTextBatchRequest, OcrV1.ExtractTextBatchResponse__Output>((r, m, o, cb) =>
      stub.extractTextBatch(r, m, o, cb),
    ),
    submitJob: promised<OcrV1.SubmitJobRequest, OcrV1.Job__Output>((r, m, o, cb) => stub.submitJob(r, m, o, cb)),
    getJob: promised<OcrV1.GetJobRequest, OcrV1.Job__Output>((r, m, o, cb) => stub.getJob(r, m, o, cb)),
    cancelJob: promised<OcrV1.CancelJobRequest, OcrV1.Job__Output>((r, m, o, cb) => stub.cancelJob(r, m, o, cb)),
    listLanguages: (request = {}, metadata, options) =>
      promised<OcrV1.ListLanguagesRequest, OcrV1.ListLanguagesResponse__Output>((r, m, o, cb) =>
        stub.listLanguages(r, m, o, cb),
      )(request, metadata, options),
    watchJob: (request, metadata = new Metadata(), options = {}) => stub.watchJob(request, metadata, options),
    close: () => stub.close(),
  };
}

/** Metadata with an API key (and optionally a request id), as the gateway reads them. */
export function ocrMetadata(apiKey?: string, requestId?: string): Metadata {
  const metadata = new Metadata();
  if (apiKey) metadata.set('authorization', `Bearer ${apiKey}`);
  if (requestId) metadata.set('x-request-id', requestId);
  return metadata;
}
