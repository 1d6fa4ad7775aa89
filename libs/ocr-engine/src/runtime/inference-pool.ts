import { Worker } from 'node:worker_threads';
import { ErrorCodes, OcrError } from '@ocr-pool/contracts';
import type { ModelPack } from '../packs/model-pack.js';
import type { DetectedRegion } from '../pipeline/detect-region.js';
import type { ReadLine } from '../pipeline/read-lines.js';
import type { ExecutionProvider, SessionSettings } from './execution-provider.js';
import {
  transferables,
  type DetectTask,
  type InferenceResult,
  type ClassifyTask,
  type InferenceTask,
  type ReadTask,
} from './inference-tasks.js';
import { PriorityQueue } from './priority-queue.js';
import { fitsBeside, joinTasks, joinsOthers, splitResults, type PageTask } from './join-pages.js';
import { UsageTotals, type InferenceUsage } from './inference-usage.js';
import type { TaskExecutor } from './task-executor.js';
import type { SerializedThreadError, TaskMessage, ThreadData, ThreadMessage } from './thread-messages.js';

/**
 * A fixed set of inference threads, each with its own model sessions, fed from one priority
 * queue. On CPU the right shape is one thread per core with one onnxruntime thread each
 * (measured here: 2 threads x 1 > 1 x 2 > 2 x 2 on two cores). A thread that dies fails only the
 * task it was running and is replaced (see `restart`). With cross-page batching on (GPU), a reading or classifying
 * task takes the other pages' tasks of its kind waiting behind it (`join-pages.ts`).
 */
export interface InferencePoolOptions {
  packs: ModelPack[];
  settings: SessionSettings;
  threads: number;
  /** Called with onnxruntime fallbacks (CUDA -> CPU) and thread restarts. */
  onWarning?: (message: string) => void;
}

interface Pending {
  id: number;
  task: InferenceTask;
  priority: number;
  /** Tasks of several pages in one (see `withWaitingPages`). */
  joined?: boolean;
  /** Runs without joining others: a joined task it was part of failed, and is being retried page by page. */
  alone?: boolean;
  resolve: (value: InferenceResult) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  running?: Pending;
}

const THREAD_URL = new URL('./inference-thread.js', import.meta.url);
const RESTART_FIRST_DELAY_MS = 1_000;
const RESTART_MAX_DELAY_MS = 30_000;

export class InferencePool implements TaskExecutor {
  readonly concurrency: number;
  private readonly slots: Slot[] = [];
  private readonly queue = new PriorityQueue<Pending>();
  private nextId = 1;
  private closing = false;
  /** Set by `halt`: no queued task starts any more. */
  private halted = false;
  private dispatchScheduled = false;
  private readonly threadData: ThreadData;
  private readonly totals = new UsageTotals();
  private threadProvider: ExecutionProvider = 'cpu';
  /** Why the last attempt to replace a dead thread failed; cleared when one starts. */
  private restartFailure: string | undefined;

  private constructor(private readonly options: InferencePoolOptions) {
    this.concurrency = options.threads;
    this.threadData = { packs: options.packs, settings: options.settings, warmUp: true };
  }

  /** Starts the threads and waits until each has loaded every model (fails fast otherwise). */
  static async start(options: InferencePoolOptions): Promise<InferencePool> {
    if (!Number.isInteger(options.threads) || options.threads < 1)
      throw new Error('threads must be a positive integer');
    const pool = new InferencePool(options);
    try {
      await Promise.all(Array.from({ length: options.threads }, () => pool.spawn()));
    } catch (error) {
      await pool.close();
      throw error;
    }
    return pool;
  }

  /** Where the threads' models run: `cuda` only when every thread's do. */
  get provider(): ExecutionProvider {
    return this.threadProvider;
  }

  healthy(): boolean {
    return this.slots.length > 0 || this.restartFailure === undefined;
  }

  get queued(): number {
    return this.queue.size;
  }

  usage(): InferenceUsage {
    return this.totals.snapshot(this.concurrency);
  }

  run(task: DetectTask, priority: number): Promise<DetectedRegion>;
  run(task: ReadTask, priority: number): Promise<ReadLine[][]>;
  run(task: ClassifyTask, priority: number): Promise<number[][]>;
  run(task: InferenceTask, priority: number): Promise<InferenceResult> {
    if (this.closing)
      return Promise.reject(new OcrError(ErrorCodes.ENGINE_FAILURE, 'The OCR engine is shutting down.'));
    if (this.slots.length === 0 && this.restartFailure !== undefined) return Promise.reject(this.noThreadsError());
    return new Promise<InferenceResult>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, task, priority, resolve, reject }, priority);
      if (joinsOthers(task)) this.dispatchSoon();
      else this.dispatch();
    });
  }

  /**
   * Dispatches after the current turn of the event loop: an engine submits a batch's page tasks
   * one after another in one turn, and they should leave as one task, not the first alone.
   */
  private dispatchSoon(): void {
    if (this.dispatchScheduled) return;
    this.dispatchScheduled = true;
    setImmediate(() => {
      this.dispatchScheduled = false;
      this.dispatch();
    });
  }

  /**
   * For a process about to exit with work unfinished: starts no queued task (they never settle),
   * waits for the running ones to return from onnxruntime, and stops the threads. A process that
   * exits while a thread is inside a model run dies of SIGABRT (an exception thrown in native code
   * as the thread is torn down), with raw C++ text on stderr, instead of exiting with its code.
   */
  async halt(): Promise<void> {
    this.halted = true;
    this.closing = true;
    await Promise.all(
      this.slots.map(async (slot) => {
        while (slot.running) await new Promise((r) => setTimeout(r, 10));
        await slot.worker.terminate();
      }),
    );
  }

  /** Lets running tasks finish, fails queued ones, and stops the threads. */
  async close(): Promise<void> {
    this.closing = true;
    for (const pending of this.queue.drain()) {
      pending.reject(new OcrError(ErrorCodes.ENGINE_FAILURE, 'The OCR engine shut down before this image was read.'));
    }
    await Promise.all(
      this.slots.map(async (slot) => {
        while (slot.running) await new Promise((r) => setTimeout(r, 10));
        await slot.worker.terminate();
      }),
    );
    this.slots.length = 0;
  }

  private spawn(): Promise<void> {
    return new Promise((resolve, reject) => {
      const worker = new Worker(THREAD_URL, { workerData: this.threadData });
      const slot: Slot = { worker };
      let started = false;
      worker.on('message', (message: ThreadMessage) => {
        switch (message.type) {
          case 'ready':
            started = true;
            // `cuda` only while every running thread's models are on the GPU (auto can fall back per thread).
            if (this.slots.length === 0 || this.threadProvider === 'cuda') this.threadProvider = message.provider;
            // A replacement that finished loading after close() began: nothing will end it but this.
            if (this.closing) {
              void worker.terminate();
              resolve();
              return;
            }
            this.slots.push(slot);
            resolve();
            this.dispatch();
            return;
          case 'startup-failed':
            reject(deserialise(message.error));
            void worker.terminate();
            return;
          case 'warning':
            this.options.onWarning?.(message.message);
            return;
          case 'result':
          case 'error': {
            const pending = slot.running;
            slot.running = undefined;
            this.totals.add(message.usage);
            if (pending && pending.id === message.id) {
              if (message.type === 'result') pending.resolve(message.value);
              else pending.reject(deserialise(message.error));
            }
            this.dispatch();
            return;
          }
        }
      });
      worker.on('error', (error) => {
        if (!started) reject(error);
        this.options.onWarning?.(`inference thread failed: ${error.message}`);
      });
      worker.on('exit', (code) => {
        const index = this.slots.indexOf(slot);
        if (index >= 0) this.slots.splice(index, 1);
        const pending = slot.running;
        slot.running = undefined;
        if (!started) {
          reject(new Error(`inference thread exited with code ${code} while starting`));
          return;
        }
        if (this.closing) {
          pending?.reject(
            new OcrError(ErrorCodes.ENGINE_FAILURE, 'The OCR engine shut down while reading this image.'),
          );
          return;
        }
        pending?.reject(
          new OcrError(
            ErrorCodes.ENGINE_FAILURE,
            `The inference thread crashed (exit code ${code}) while reading this image.`,
          ),
        );
        this.options.onWarning?.(`inference thread exited with code ${code}; starting a new one`);
        this.restart(0);
      });
    });
  }

  /**
   * Replaces a dead thread, trying again with growing pauses while it fails (the memory pressure
   * that killed a thread can also stop its models from loading). With no thread left, queued and
   * new tasks fail at once with the reason instead of waiting for a thread that may never come.
   */
  private restart(attempt: number): void {
    if (this.closing) return;
    this.spawn().then(
      () => (this.restartFailure = undefined),
      (error: unknown) => {
        this.restartFailure = error instanceof Error ? error.message : String(error);
        const delayMs = Math.min(RESTART_MAX_DELAY_MS, RESTART_FIRST_DELAY_MS * 2 ** attempt);
        this.options.onWarning?.(
          `could not restart inference thread (${this.restartFailure}); trying again in ${delayMs} ms`,
        );
        if (this.slots.length === 0) for (const pending of this.queue.drain()) pending.reject(this.noThreadsError());
        setTimeout(() => this.restart(attempt + 1), delayMs).unref();
      },
    );
  }

  private noThreadsError(): OcrError {
    return new OcrError(
      ErrorCodes.ENGINE_FAILURE,
      `No inference thread is running: starting one failed (${this.restartFailure ?? 'unknown'}); the worker keeps trying.`,
    );
  }

  private dispatch(): void {
    if (this.halted) return;
    for (const slot of this.slots) {
      if (slot.running || this.queue.size === 0) continue;
      const pending = this.withWaitingPages(this.queue.pop()!);
      slot.running = pending;
      const message: TaskMessage = { id: pending.id, task: pending.task };
      // A joined task's images are copied, not moved, so its pages can run again one by one.
      slot.worker.postMessage(message, pending.joined ? [] : transferables(pending.task));
    }
  }

  private withWaitingPages(pending: Pending): Pending {
    const { task } = pending;
    if (!joinsOthers(task) || pending.alone) return pending;
    const fits = fitsBeside(task);
    const joiners = this.queue.takeInOrder((waiting) => !waiting.alone && fits(waiting.task));
    if (joiners.length === 0) return pending;
    const members = [pending, ...joiners];
    const tasks = members.map((m) => m.task as PageTask);
    return {
      ...pending,
      joined: true,
      task: joinTasks(tasks),
      resolve: (value) => {
        if (!Array.isArray(value)) {
          members.forEach((m) => m.reject(new Error(`a ${task.kind} task answered with a detection`)));
          return;
        }
        splitResults<unknown>(value, tasks).forEach((perPage, i) => members[i]!.resolve(perPage as InferenceResult));
      },
      // One page can fail a joined task for all (an input the model chokes on, a crashed thread):
      // each page runs again on its own, so only the page at fault fails.
      reject: (error) => {
        if (this.closing) {
          members.forEach((m) => m.reject(error));
          return;
        }
        for (const member of members) this.queue.push({ ...member, alone: true }, member.priority);
        this.dispatch();
      },
    };
  }
}

function deserialise(error: SerializedThreadError): Error {
  if (error.ocr) return OcrError.fromJSON(error);
  return new OcrError(ErrorCodes.ENGINE_FAILURE, `The OCR engine failed: ${error.message.split('\n')[0]}`, {
    cause: error.message,
  });
}
