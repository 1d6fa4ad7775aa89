import { readFileSync } from 'node:fs';
import type { ModelPack } from '../packs/model-pack.js';
import { CharDictionary } from '../recognize/char-dictionary.js';
import { createSession, type ExecutionProvider, type SessionSettings } from './execution-provider.js';
import type { ModelRunner } from './model-runner.js';
import { OnnxModelRunner } from './onnx-model-runner.js';
import { BatchCounter, SecondsCounter, type UsageClocks } from './inference-usage.js';

/**
 * The loaded models of every pack, one set per inference thread. Sessions load on first use, and
 * the same ONNX file is loaded once even when several packs share it (borrowed det/cls).
 */
export interface LoadedPack {
  det(): Promise<ModelRunner>;
  cls(): Promise<ModelRunner>;
  rec(): Promise<ModelRunner>;
  dict(): CharDictionary;
  recognizerBatches: BatchCounter;
  classifierBatches: BatchCounter;
}

export class PackSessions implements UsageClocks {
  private readonly runners = new Map<string, Promise<ModelRunner>>();
  private readonly dicts = new Map<string, CharDictionary>();
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
  ) {
    this.packs = new Map(packs.map((p) => [p.id, p]));
  }

  pack(id: string): LoadedPack {
    const pack = this.packs.get(id);
    if (!pack) throw new Error(`unknown model pack ${id}`);
    return {
      det: () => this.runner(pack.det),
      cls: () => this.runner(pack.cls),
      rec: () => this.runner(pack.rec),
      dict: () => this.dict(pack),
      recognizerBatches: this.recognizerBatches,
      classifierBatches: this.classifierBatches,
    };
  }

  private runner(path: string): Promise<ModelRunner> {
    let runner = this.runners.get(path);
    if (!runner) {
      runner = createSession(path, this.settings, this.onFallback).then(({ session, provider }) => {
        this.providers.add(provider);
        return new OnnxModelRunner(session, this.modelClock);
      });
      // A failed load is not cached, so a later call can retry.
      runner.catch(() => this.runners.delete(path));
      this.runners.set(path, runner);
    }
    return runner;
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
    const runners = await Promise.allSettled(this.runners.values());
    this.runners.clear();
    await Promise.all(runners.flatMap((r) => (r.status === 'fulfilled' ? [r.value.release()] : [])));
  }
}
