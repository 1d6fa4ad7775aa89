import { readFileSync } from 'node:fs';
import type { ModelPack } from '../packs/model-pack.js';
import { CharDictionary } from '../recognize/char-dictionary.js';
import {
  createSession,
  type ExecutionProvider,
  type RecogniserForm,
  type SessionSettings,
} from './execution-provider.js';
import type { ModelRunner, RecogniserRunner } from './model-runner.js';
import { OnnxModelRunner } from './onnx-model-runner.js';
import { OnnxRecogniserRunner } from './onnx-recogniser-runner.js';
import { alikeClassesOf } from '../recognize/ctc-steps.js';
import { LOOK_ALIKE_GROUPS } from '../recognize/letter-case.js';
import { BatchCounter, SecondsCounter, type UsageClocks } from './inference-usage.js';

/**
 * The loaded models of every pack, one set per inference thread. Sessions load on first use, and
 * the same ONNX file is loaded once even when several packs share it (borrowed det/cls); a
 * recogniser (never borrowed) is built once per pack, for int8 from its float file and the
 * pack's calibration.
 */
export interface LoadedPack {
  det(): Promise<ModelRunner>;
  cls(): Promise<ModelRunner>;
  rec(): Promise<RecogniserRunner>;
  dict(): CharDictionary;
  /** For each class with look-alikes (c/C, o/O/0, ...), their classes: what the recogniser reports. */
  lookAlikes(): ReadonlyMap<number, readonly number[]>;
  recognizerBatches: BatchCounter;
  classifierBatches: BatchCounter;
}

/** Sees every input the recogniser is run on (the int8 calibration tool collects its line crops). */
export type RecogniserInputObserver = (input: Float32Array, dims: readonly number[]) => void;

export class PackSessions implements UsageClocks {
  private readonly runners = new Map<string, Promise<ModelRunner>>();
  /** By pack id. */
  private readonly recognisers = new Map<string, Promise<RecogniserRunner>>();
  private readonly dicts = new Map<string, CharDictionary>();
  private readonly alikes = new Map<string, Map<number, number[]>>();
  private readonly packs: Map<string, ModelPack>;
  /** Seconds this thread's models have spent in `session.run`. */
  readonly modelClock = new SecondsCounter();
  /** This thread's recogniser calls and the line crops they read. */
  readonly recognizerBatches = new BatchCounter();
  /** This thread's angle classifier calls and the windows they classified. */
  readonly classifierBatches = new BatchCounter();
  private readonly providers = new Set<ExecutionProvider>();

  constructor(
    packs: readonly ModelPack[],
    private readonly settings: SessionSettings,
    private readonly onFallback: (reason: string) => void = () => {},
    private readonly observe?: RecogniserInputObserver,
  ) {
    this.packs = new Map(packs.map((p) => [p.id, p]));
  }

  pack(id: string): LoadedPack {
    const pack = this.packs.get(id);
    if (!pack) throw new Error(`unknown model pack ${id}`);
    return {
      det: () => this.runner(pack.det),
      cls: () => this.runner(pack.cls),
      rec: () => this.observedRecogniser(this.recogniser(pack)),
      dict: () => this.dict(pack),
      lookAlikes: () => this.lookAlikes(pack),
      recognizerBatches: this.recognizerBatches,
      classifierBatches: this.classifierBatches,
    };
  }

  private recogniser(pack: ModelPack): Promise<RecogniserRunner> {
    return loadOnce(this.recognisers, pack.id, () => {
      const dict = this.dict(pack);
      const ctcSummary = { spaceIndex: dict.spaceIndex, alikeClasses: alikeClassesOf(this.lookAlikes(pack)) };
      const form: RecogniserForm = { int8: pack.recInt8, ctcSummary };
      return createSession(pack.rec, this.settings, this.onFallback, form).then(({ session, provider }) => {
        this.providers.add(provider);
        return new OnnxRecogniserRunner(session, ctcSummary, this.modelClock);
      });
    });
  }

  private runner(path: string): Promise<ModelRunner> {
    return loadOnce(this.runners, path, () =>
      createSession(path, this.settings, this.onFallback).then(({ session, provider }) => {
        this.providers.add(provider);
        return new OnnxModelRunner(session, this.modelClock);
      }),
    );
  }

  private async observedRecogniser(runner: Promise<RecogniserRunner>): Promise<RecogniserRunner> {
    const observe = this.observe;
    if (!observe) return runner;
    const inner = await runner;
    return {
      read: (input, dims, allowed) => {
        observe(input, dims);
        return inner.read(input, dims, allowed);
      },
      release: () => inner.release(),
    };
  }

  private lookAlikes(pack: ModelPack): Map<number, number[]> {
    let alikes = this.alikes.get(pack.id);
    if (!alikes) {
      alikes = this.dict(pack).lookAlikes(LOOK_ALIKE_GROUPS);
      this.alikes.set(pack.id, alikes);
    }
    return alikes;
  }

  private dict(pack: ModelPack): CharDictionary {
    let dict = this.dicts.get(pack.id);
    if (!dict) {
      dict = CharDictionary.parse(readFileSync(pack.dict, 'utf8'), pack.useSpaceChar);
      this.dicts.set(pack.id, dict);
    }
    return dict;
  }

  /** Where the loaded models run: `cuda` only when every one of them does (`auto` may fall back). */
  provider(): ExecutionProvider {
    return this.providers.size > 0 && !this.providers.has('cpu') ? 'cuda' : 'cpu';
  }

  /** Loads every model of every pack now, so the first request does not pay for it. */
  async warmUp(): Promise<void> {
    for (const id of this.packs.keys()) {
      const p = this.pack(id);
      // Every load ends before a failure is reported: the pool ends a thread that failed to start,
      // and ending one while onnxruntime is still creating a session aborts the whole process.
      const loads = await Promise.allSettled([p.det(), p.cls(), p.rec()]);
      const failed = loads.find((load) => load.status === 'rejected');
      if (failed) throw failed.reason;
      p.dict();
    }
  }

  async release(): Promise<void> {
    const runners = await Promise.allSettled([...this.runners.values(), ...this.recognisers.values()]);
    this.runners.clear();
    this.recognisers.clear();
    await Promise.all(runners.flatMap((r) => (r.status === 'fulfilled' ? [r.value.release()] : [])));
  }
}

/** The cached load under `key`, started by `load` if none; a failed load is dropped so a later call retries. */
function loadOnce<T>(cache: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
  let loading = cache.get(key);
  if (!loading) {
    loading = load();
    loading.catch(() => cache.delete(key));
    cache.set(key, loading);
  }
  return loading;
}
