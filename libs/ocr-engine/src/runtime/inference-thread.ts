import { parentPort, workerData } from 'node:worker_threads';
import { OcrError } from '@ocr-pool/contracts';
import { PackSessions } from './pack-sessions.js';
import { runTask, transferables } from './inference-tasks.js';
import { startTask } from './inference-usage.js';
import type { SerializedThreadError, TaskMessage, ThreadData, ThreadMessage } from './thread-messages.js';

/**
 * Entry point of one inference thread: owns one set of model sessions and runs the tasks the pool
 * sends, one at a time. onnxruntime blocks this thread for the length of each model call, which
 * is the point: the process's main thread stays free for I/O, lock renewals and health checks.
 */
const port = parentPort;
if (!port) throw new Error('inference-thread.js must run as a worker thread');

const data = workerData as ThreadData;
const post = (message: ThreadMessage, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);
const sessions = new PackSessions(data.packs, data.settings, (message) => post({ type: 'warning', message }));

function serialise(error: unknown): SerializedThreadError {
  if (error instanceof OcrError) return { ocr: true, ...error.toJSON() };
  return { ocr: false, message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
}

port.on('message', (message: TaskMessage) => {
  const usage = startTask(sessions);
  runTask(sessions, message.task).then(
    (value) => post({ type: 'result', id: message.id, value, usage: usage() }, transferables(value)),
    (error: unknown) => post({ type: 'error', id: message.id, error: serialise(error), usage: usage() }),
  );
});

(data.warmUp ? sessions.warmUp() : Promise.resolve()).then(
  () => post({ type: 'ready', provider: sessions.provider() }),
  (error: unknown) => void sessions.release().finally(() => post({ type: 'startup-failed', error: serialise(error) })),
);
