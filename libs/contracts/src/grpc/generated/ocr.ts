import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { BatchItem as _ocr_v1_BatchItem, BatchItem__Output as _ocr_v1_BatchItem__Output } from './ocr/v1/BatchItem.js';
import type { CancelJobRequest as _ocr_v1_CancelJobRequest, CancelJobRequest__Output as _ocr_v1_CancelJobRequest__Output } from './ocr/v1/CancelJobRequest.js';
import type { ExtractTextBatchRequest as _ocr_v1_ExtractTextBatchRequest, ExtractTextBatchRequest__Output as _ocr_v1_ExtractTextBatchRequest__Output } from './ocr/v1/ExtractTextBatchRequest.js';
import type { ExtractTextBatchResponse as _ocr_v1_ExtractTextBatchResponse, ExtractTextBatchResponse__Output as _ocr_v1_ExtractTextBatchResponse__Output } from './ocr/v1/ExtractTextBatchResponse.js';
import type { ExtractTextRequest as _ocr_v1_ExtractTextRequest, ExtractTextRequest__Output as _ocr_v1_ExtractTextRequest__Output } from './ocr/v1/ExtractTextRequest.js';
import type { GetJobRequest as _ocr_v1_GetJobRequest, GetJobRequest__Output as _ocr_v1_GetJobRequest__Output } from './ocr/v1/GetJobRequest.js';
import type { Image as _ocr_v1_Image, Image__Output as _ocr_v1_Image__Output } from './ocr/v1/Image.js';
import type { Job as _ocr_v1_Job, Job__Output as _ocr_v1_Job__Output } from './ocr/v1/Job.js';
import type { JobError as _ocr_v1_JobError, JobError__Output as _ocr_v1_JobError__Output } from './ocr/v1/JobError.js';
import type { Language as _ocr_v1_Language, Language__Output as _ocr_v1_Language__Output } from './ocr/v1/Language.js';
import type { ListLanguagesRequest as _ocr_v1_ListLanguagesRequest, ListLanguagesRequest__Output as _ocr_v1_ListLanguagesRequest__Output } from './ocr/v1/ListLanguagesRequest.js';
import type { ListLanguagesResponse as _ocr_v1_ListLanguagesResponse, ListLanguagesResponse__Output as _ocr_v1_ListLanguagesResponse__Output } from './ocr/v1/ListLanguagesResponse.js';
import type { ModelInfo as _ocr_v1_ModelInfo, ModelInfo__Output as _ocr_v1_ModelInfo__Output } from './ocr/v1/ModelInfo.js';
import type { OcrOptions as _ocr_v1_OcrOptions, OcrOptions__Output as _ocr_v1_OcrOptions__Output } from './ocr/v1/OcrOptions.js';
import type { OcrResult as _ocr_v1_OcrResult, OcrResult__Output as _ocr_v1_OcrResult__Output } from './ocr/v1/OcrResult.js';
import type { OcrServiceClient as _ocr_v1_OcrServiceClient, OcrServiceDefinition as _ocr_v1_OcrServiceDefinition } from './ocr/v1/OcrService.js';
import type { Point as _ocr_v1_Point, Point__Output as _ocr_v1_Point__Output } from './ocr/v1/Point.js';
import type { StageTimings as _ocr_v1_StageTimings, StageTimings__Output as _ocr_v1_StageTimings__Output } from './ocr/v1/StageTimings.js';
import type { SubmitJobRequest as _ocr_v1_SubmitJobRequest, SubmitJobRequest__Output as _ocr_v1_SubmitJobRequest__Output } from './ocr/v1/SubmitJobRequest.js';
import type { TextBox as _ocr_v1_TextBox, TextBox__Output as _ocr_v1_TextBox__Output } from './ocr/v1/TextBox.js';
import type { WatchJobRequest as _ocr_v1_WatchJobRequest, WatchJobRequest__Output as _ocr_v1_WatchJobRequest__Output } from './ocr/v1/WatchJobRequest.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  ocr: {
    v1: {
      BatchItem: MessageTypeDefinition<_ocr_v1_BatchItem, _ocr_v1_BatchItem__Output>
      CancelJobRequest: MessageTypeDefinition<_ocr_v1_CancelJobRequest, _ocr_v1_CancelJobRequest__Output>
      ExtractTextBatchRequest: MessageTypeDefinition<_ocr_v1_ExtractTextBatchRequest, _ocr_v1_ExtractTextBatchRequest__Output>
      ExtractTextBatchResponse: MessageTypeDefinition<_ocr_v1_ExtractTextBatchResponse, _ocr_v1_ExtractTextBatchResponse__Output>
      ExtractTextRequest: MessageTypeDefinition<_ocr_v1_ExtractTextRequest, _ocr_v1_ExtractTextRequest__Output>
      GetJobRequest: MessageTypeDefinition<_ocr_v1_GetJobRequest, _ocr_v1_GetJobRequest__Output>
      Image: MessageTypeDefinition<_ocr_v1_Image, _ocr_v1_Image__Output>
      Job: MessageTypeDefinition<_ocr_v1_Job, _ocr_v1_Job__Output>
      JobError: MessageTypeDefinition<_ocr_v1_JobError, _ocr_v1_JobError__Output>
      JobStatus: EnumTypeDefinition
      Language: MessageTypeDefinition<_ocr_v1_Language, _ocr_v1_Language__Output>
      ListLanguagesRequest: MessageTypeDefinition<_ocr_v1_ListLanguagesRequest, _ocr_v1_ListLanguagesRequest__Output>
      ListLanguagesResponse: MessageTypeDefinition<_ocr_v1_ListLanguagesResponse, _ocr_v1_ListLanguagesResponse__Output>
      ModelInfo: MessageTypeDefinition<_ocr_v1_ModelInfo, _ocr_v1_ModelInfo__Output>
      OcrOptions: MessageTypeDefinition<_ocr_v1_OcrOptions, _ocr_v1_OcrOptions__Output>
      OcrResult: MessageTypeDefinition<_ocr_v1_OcrResult, _ocr_v1_OcrResult__Output>
      OcrService: SubtypeConstructor<typeof grpc.Client, _ocr_v1_OcrServiceClient> & { service: _ocr_v1_OcrServiceDefinition }
      Point: MessageTypeDefinition<_ocr_v1_Point, _ocr_v1_Point__Output>
      StageTimings: MessageTypeDefinition<_ocr_v1_StageTimings, _ocr_v1_StageTimings__Output>
      SubmitJobRequest: MessageTypeDefinition<_ocr_v1_SubmitJobRequest, _ocr_v1_SubmitJobRequest__Output>
      TextBox: MessageTypeDefinition<_ocr_v1_TextBox, _ocr_v1_TextBox__Output>
      WatchJobRequest: MessageTypeDefinition<_ocr_v1_WatchJobRequest, _ocr_v1_WatchJobRequest__Output>
    }
  }
}

