import type { SerializedOcrError } from '@ocr-pool/contracts';
import type { ModelPack } from '../packs/model-pack.js';
import type { ExecutionProvider, SessionSettings } from './execution-provider.js';
import type { InferenceResult, InferenceTask } from './inference-tasks.js';
import type { TaskUsage } from './inference-usage.js';

/** The protocol between the inference pool and its threads. */
export interface ThreadData {
  packs: ModelPack[];
  settings: SessionSettings;
  warmUp: boolean;
}

export interface TaskMessage {
  id: number;
  task: InferenceTask;
}

export type ThreadMessage =
  | { type: 'ready'; provider: ExecutionProvider }
  | { type: 'startup-failed'; error: SerializedThreadError }
  | { type: 'warning'; message: string }
  | { type: 'result'; id: number; value: InferenceResult; usage: TaskUsage }
  | { type: 'error'; id: number; error: SerializedThreadError; usage: TaskUsage };

/** An `OcrError` keeps its code across the thread boundary; anything else keeps its message. */
export type SerializedThreadError = (SerializedOcrError & { ocr: true }) | { ocr: false; message: string };
