// Original file: proto/ocr/v1/ocr.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CancelJobRequest as _ocr_v1_CancelJobRequest, CancelJobRequest__Output as _ocr_v1_CancelJobRequest__Output } from '../../ocr/v1/CancelJobRequest.js';
import type { ExtractTextBatchRequest as _ocr_v1_ExtractTextBatchRequest, ExtractTextBatchRequest__Output as _ocr_v1_ExtractTextBatchRequest__Output } from '../../ocr/v1/ExtractTextBatchRequest.js';
import type { ExtractTextBatchResponse as _ocr_v1_ExtractTextBatchResponse, ExtractTextBatchResponse__Output as _ocr_v1_ExtractTextBatchResponse__Output } from '../../ocr/v1/ExtractTextBatchResponse.js';
import type { ExtractTextRequest as _ocr_v1_ExtractTextRequest, ExtractTextRequest__Output as _ocr_v1_ExtractTextRequest__Output } from '../../ocr/v1/ExtractTextRequest.js';
import type { GetJobRequest as _ocr_v1_GetJobRequest, GetJobRequest__Output as _ocr_v1_GetJobRequest__Output } from '../../ocr/v1/GetJobRequest.js';
import type { Job as _ocr_v1_Job, Job__Output as _ocr_v1_Job__Output } from '../../ocr/v1/Job.js';
import type { ListLanguagesRequest as _ocr_v1_ListLanguagesRequest, ListLanguagesRequest__Output as _ocr_v1_ListLanguagesRequest__Output } from '../../ocr/v1/ListLanguagesRequest.js';
import type { ListLanguagesResponse as _ocr_v1_ListLanguagesResponse, ListLanguagesResponse__Output as _ocr_v1_ListLanguagesResponse__Output } from '../../ocr/v1/ListLanguagesResponse.js';
import type { OcrResult as _ocr_v1_OcrResult, OcrResult__Output as _ocr_v1_OcrResult__Output } from '../../ocr/v1/OcrResult.js';
import type { SubmitJobRequest as _ocr_v1_SubmitJobRequest, SubmitJobRequest__Output as _ocr_v1_SubmitJobRequest__Output } from '../../ocr/v1/SubmitJobRequest.js';
import type { WatchJobRequest as _ocr_v1_WatchJobRequest, WatchJobRequest__Output as _ocr_v1_WatchJobRequest__Output } from '../../ocr/v1/WatchJobRequest.js';

export interface OcrServiceClient extends grpc.Client {
  /**
   * Cancels a job no worker has started (FAILED_PRECONDITION once one has).
   */
  CancelJob(argument: _ocr_v1_CancelJobRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ocr_v1_Job__Output>): grpc.ClientUnaryCall;
  CancelJob(argument: _ocr_v1_CancelJobRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_ocr_v1_Job__Output>): grpc.ClientUnaryCall;
  CancelJob(argument: _ocr_v1_CancelJobRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_ocr_v1_Job__Output>): grpc.ClientUnaryCall;
  CancelJob(argument: _ocr_v1_CancelJobRequest, callback: grpc.requestCallback<_ocr_v1_Job__Output>): grpc.ClientUnaryCall;
  /**
   * Cancels a job no worker has started (FAILED_PRECONDITION once one has).
   */
  cancelJob(argument: _ocr_v1_CancelJobRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ocr_v1_Job__Output>): grpc.ClientUnaryCall;
  cancelJob(argument: _ocr_v1_CancelJobRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_ocr_v1_Job__Output>): grpc.ClientUnaryCall;
  cancelJob(argument: _ocr_v1_CancelJobRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_ocr_v1_Job__Output>): grpc.ClientUnaryCall;
  cancelJob(argument: _ocr_v1_CancelJobRequest, callback: grpc.requestCallback<_ocr_v1_Job__Output>): grpc.ClientUnaryCall;
  
  /**
   * Reads one image and waits for the text, within the call's deadline. Queued ahead of
   * asynchronous submissions. When the deadline passes before a worker took the job, the job is
   * removed from the queue and the call ends with DEADLINE_EXCEEDED.
   */
  ExtractText(argument: _ocr_v1_ExtractTextRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ocr_v1_OcrResult__Output>): grpc.ClientUnaryCall;
  ExtractText(argument: _ocr_v1_ExtractTextRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_ocr_v1_OcrResult__Output>): grpc.ClientUnaryCall;
  ExtractText(argument: _ocr_v1_ExtractTextRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_ocr_v1_OcrResult__Output>): grpc.ClientUnaryCall;
  ExtractText(argument: _ocr_v1_ExtractTextRequest, callback: grpc.requestCallback<_ocr_v1_OcrResult__Output>): grpc.ClientUnaryCall;
  /**
   * Reads one image and waits for the text, within the call's deadline. Queued ahead of
   * asynchronous submissions. When the deadline passes before a worker took the job, the job is
   * removed from the queue and the call ends with DEADLINE_EXCEEDED.
   */
  extractText(argument: _ocr_v1_ExtractTextRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ocr_v1_OcrResult__Output>): grpc.ClientUnaryCall;
  extractText(argument: _ocr_v1_ExtractTextRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_ocr_v1_OcrResult__Output>): grpc.ClientUnaryCall;
  extractText(argument: _ocr_v1_ExtractTextRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_ocr_v1_OcrResult__Output>): grpc.ClientUnaryCall;
  extractText(argument: _ocr_v1_ExtractTextRequest, callback: grpc.requestCallback<_ocr_v1_OcrResult__Output>): grpc.ClientUnaryCall;
  
  /**
   * Reads many images and waits for all of them; results come back in request order, each an
   * OcrResult or the error of that image alone.
   */
  ExtractTextBatch(argument: _ocr_v1_ExtractTextBatchRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ocr_v1_ExtractTextBatchResponse__Output>): grpc.ClientUnaryCall;
  ExtractTextBatch(argument: _ocr_v1_ExtractTextBatchRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_ocr_v1_ExtractTextBatchResponse__Output>): grpc.ClientUnaryCall;
  ExtractTextBatch(argument: _ocr_v1_ExtractTextBatchRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_ocr_v1_ExtractTextBatchResponse__Output>): grpc.ClientUnaryCall;
  ExtractTextBatch(argument: _ocr_v1_ExtractTextBatchRequest, callback: grpc.requestCallback<_ocr_v1_ExtractTextBatchResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Reads many images and waits for all of them; results come back in request order, each an
   * OcrResult or the error of that image alone.
   */
  extractTextBatch(argument: _ocr_v1_ExtractTextBatchRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ocr_v1_ExtractTextBatchResponse__Output>): grpc.ClientUnaryCall;
  extractTextBatch(argument: _ocr_v1_ExtractTextBatchRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_ocr_v1_ExtractTextBatchResponse__Output>): grpc.ClientUnaryCall;
  extractTextBatch(argument: _ocr_v1_ExtractTextBatchRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_ocr_v1_ExtractTextBatchResponse__Output>): grpc.ClientUnaryCall;
  extractTextBatch(argument: _ocr_v1_ExtractTextBatchRequest, callback: grpc.requestCallback<_ocr_v1_ExtractTextBatchResponse__Output>): grpc.ClientUnaryCall;
  
  GetJob(argument: _ocr_v1_GetJobRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ocr_v1_Job__Output>): grpc.ClientUnaryCall;
  GetJob(argument: _ocr_v1_GetJobRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_ocr_v1_Job__Output>): grpc.ClientUnaryCall;
  GetJob(argument: _ocr_v1_GetJobRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_ocr_v1_Job__Output>): grpc.ClientUnaryCall;
  GetJob(argument: _ocr_v1_GetJobRequest, callback: grpc.requestCallback<_ocr_v1_Job__Output>): grpc.ClientUnaryCall;
  getJob(argument: _ocr_v1_GetJobRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ocr_v1_Job__Output>): grpc.ClientUnaryCall;
  getJob(argument: _ocr_v1_GetJobRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_ocr_v1_Job__Output>): grpc.ClientUnaryCall;
  getJob(argument: _ocr_v1_GetJobRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_ocr_v1_Job__Output>): grpc.ClientUnaryCall;
  getJob(argument: _ocr_v1_GetJobRequest, callback: grpc.requestCallback<_ocr_v1_Job__Output>): grpc.ClientUnaryCall;
  
  /**
   * Languages the running workers read, with the engine for each.
   */
  ListLanguages(argument: _ocr_v1_ListLanguagesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ocr_v1_ListLanguagesResponse__Output>): grpc.ClientUnaryCall;
  ListLanguages(argument: _ocr_v1_ListLanguagesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_ocr_v1_ListLanguagesResponse__Output>): grpc.ClientUnaryCall;
  ListLanguages(argument: _ocr_v1_ListLanguagesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_ocr_v1_ListLanguagesResponse__Output>): grpc.ClientUnaryCall;
  ListLanguages(argument: _ocr_v1_ListLanguagesRequest, callback: grpc.requestCallback<_ocr_v1_ListLanguagesResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Languages the running workers read, with the engine for each.
   */
  listLanguages(argument: _ocr_v1_ListLanguagesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ocr_v1_ListLanguagesResponse__Output>): grpc.ClientUnaryCall;
  listLanguages(argument: _ocr_v1_ListLanguagesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_ocr_v1_ListLanguagesResponse__Output>): grpc.ClientUnaryCall;
  listLanguages(argument: _ocr_v1_ListLanguagesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_ocr_v1_ListLanguagesResponse__Output>): grpc.ClientUnaryCall;
  listLanguages(argument: _ocr_v1_ListLanguagesRequest, callback: grpc.requestCallback<_ocr_v1_ListLanguagesResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Queues one image and returns at once; follow it with GetJob, WatchJob or CancelJob.
   */
  SubmitJob(argument: _ocr_v1_SubmitJobRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ocr_v1_Job__Output>): grpc.ClientUnaryCall;
  SubmitJob(argument: _ocr_v1_SubmitJobRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_ocr_v1_Job__Output>): grpc.ClientUnaryCall;
  SubmitJob(argument: _ocr_v1_SubmitJobRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_ocr_v1_Job__Output>): grpc.ClientUnaryCall;
  SubmitJob(argument: _ocr_v1_SubmitJobRequest, callback: grpc.requestCallback<_ocr_v1_Job__Output>): grpc.ClientUnaryCall;
  /**
   * Queues one image and returns at once; follow it with GetJob, WatchJob or CancelJob.
   */
  submitJob(argument: _ocr_v1_SubmitJobRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_ocr_v1_Job__Output>): grpc.ClientUnaryCall;
  submitJob(argument: _ocr_v1_SubmitJobRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_ocr_v1_Job__Output>): grpc.ClientUnaryCall;
  submitJob(argument: _ocr_v1_SubmitJobRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_ocr_v1_Job__Output>): grpc.ClientUnaryCall;
  submitJob(argument: _ocr_v1_SubmitJobRequest, callback: grpc.requestCallback<_ocr_v1_Job__Output>): grpc.ClientUnaryCall;
  
  /**
   * Streams the job each time its status changes, ending after it has finished.
   */
  WatchJob(argument: _ocr_v1_WatchJobRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_ocr_v1_Job__Output>;
  WatchJob(argument: _ocr_v1_WatchJobRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_ocr_v1_Job__Output>;
  /**
   * Streams the job each time its status changes, ending after it has finished.
   */
  watchJob(argument: _ocr_v1_WatchJobRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_ocr_v1_Job__Output>;
  watchJob(argument: _ocr_v1_WatchJobRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_ocr_v1_Job__Output>;
  
}

export interface OcrServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Cancels a job no worker has started (FAILED_PRECONDITION once one has).
   */
  CancelJob: grpc.handleUnaryCall<_ocr_v1_CancelJobRequest__Output, _ocr_v1_Job>;
  
  /**
   * Reads one image and waits for the text, within the call's deadline. Queued ahead of
   * asynchronous submissions. When the deadline passes before a worker took the job, the job is
   * removed from the queue and the call ends with DEADLINE_EXCEEDED.
   */
  ExtractText: grpc.handleUnaryCall<_ocr_v1_ExtractTextRequest__Output, _ocr_v1_OcrResult>;
  
  /**
   * Reads many images and waits for all of them; results come back in request order, each an
   * OcrResult or the error of that image alone.
   */
  ExtractTextBatch: grpc.handleUnaryCall<_ocr_v1_ExtractTextBatchRequest__Output, _ocr_v1_ExtractTextBatchResponse>;
  
  GetJob: grpc.handleUnaryCall<_ocr_v1_GetJobRequest__Output, _ocr_v1_Job>;
  
  /**
   * Languages the running workers read, with the engine for each.
   */
  ListLanguages: grpc.handleUnaryCall<_ocr_v1_ListLanguagesRequest__Output, _ocr_v1_ListLanguagesResponse>;
  
  /**
   * Queues one image and returns at once; follow it with GetJob, WatchJob or CancelJob.
   */
  SubmitJob: grpc.handleUnaryCall<_ocr_v1_SubmitJobRequest__Output, _ocr_v1_Job>;
  
  /**
   * Streams the job each time its status changes, ending after it has finished.
   */
  WatchJob: grpc.handleServerStreamingCall<_ocr_v1_WatchJobRequest__Output, _ocr_v1_Job>;
  
}

export interface OcrServiceDefinition extends grpc.ServiceDefinition {
  CancelJob: MethodDefinition<_ocr_v1_CancelJobRequest, _ocr_v1_Job, _ocr_v1_CancelJobRequest__Output, _ocr_v1_Job__Output>
  ExtractText: MethodDefinition<_ocr_v1_ExtractTextRequest, _ocr_v1_OcrResult, _ocr_v1_ExtractTextRequest__Output, _ocr_v1_OcrResult__Output>
  ExtractTextBatch: MethodDefinition<_ocr_v1_ExtractTextBatchRequest, _ocr_v1_ExtractTextBatchResponse, _ocr_v1_ExtractTextBatchRequest__Output, _ocr_v1_ExtractTextBatchResponse__Output>
  GetJob: MethodDefinition<_ocr_v1_GetJobRequest, _ocr_v1_Job, _ocr_v1_GetJobRequest__Output, _ocr_v1_Job__Output>
  ListLanguages: MethodDefinition<_ocr_v1_ListLanguagesRequest, _ocr_v1_ListLanguagesResponse, _ocr_v1_ListLanguagesRequest__Output, _ocr_v1_ListLanguagesResponse__Output>
  SubmitJob: MethodDefinition<_ocr_v1_SubmitJobRequest, _ocr_v1_Job, _ocr_v1_SubmitJobRequest__Output, _ocr_v1_Job__Output>
  WatchJob: MethodDefinition<_ocr_v1_WatchJobRequest, _ocr_v1_Job, _ocr_v1_WatchJobRequest__Output, _ocr_v1_Job__Output>
}
