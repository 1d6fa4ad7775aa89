import type { LanguageRegistry, LanguageRoute } from '../languages/language-registry.js';
import type { OcrEngine, OcrOutcome, OcrRequest } from './ocr-engine.js';
import type { InferenceUsage } from '../runtime/inference-usage.js';
import type { PrecisionChoice } from '../runtime/recogniser-precision.js';
import { asOcrError, validateOptions } from './request-outcomes.js';

/**
 * The engine the worker and the CLI talk to: routes each image to the engine its language is
 * installed in (PP-OCR packs first, then tesseract), in one call per engine, and returns the
 * outcomes in request order. An unknown language fails that image alone, naming what is installed.
 */
export class RoutingEngine implements OcrEngine {
  readonly id = 'router';

  constructor(
    private readonly registry: LanguageRegistry,
    private readonly engines: ReadonlyMap<string, OcrEngine>,
    private readonly onClose: () => Promise<void>,
    /** The routed engines share one inference pool; its usage is reported once, not per engine. */
    private readonly sharedUsage?: () => InferenceUsage,
    private readonly precisions: readonly PrecisionChoice[] = [],
  ) {}

  recognisers(): PrecisionChoice[] {
    return [...this.precisions];
  }

  languages(): LanguageRoute[] {
    return this.registry.list();
  }

  async recognize(requests: readonly OcrRequest[]): Promise<OcrOutcome[]> {
    const outcomes = new Array<OcrOutcome>(requests.length);
    const groups = new Map<OcrEngine, number[]>();
    requests.forEach((request, i) => {
      try {
        // A bad option is INVALID_OPTION whatever the language: checked before the language is looked up.
        validateOptions(request.options);
        const engine = this.engines.get(this.registry.resolve(request.options.language).engine);
        if (!engine) throw new Error(`no engine for ${request.options.language}`);
        groups.set(engine, [...(groups.get(engine) ?? []), i]);
      } catch (error) {
        outcomes[i] = { ok: false, error: asOcrError(error) };
      }
    });
    await Promise.all(
      [...groups].map(async ([engine, indices]) => {
        const results = await engine.recognize(indices.map((i) => requests[i]!));
        indices.forEach((index, k) => (outcomes[index] = results[k]!));
      }),
    );
    return outcomes;
  }

  /** Every routed engine can read (they share the detector's inference pool). */
  healthy(): boolean {
    return [...this.engines.values()].every((engine) => engine.healthy?.() ?? true);
  }

  usage(): InferenceUsage | undefined {
    return this.sharedUsage?.();
  }

  async halt(): Promise<void> {
    await Promise.all([...this.engines.values()].map((e) => e.halt?.() ?? Promise.resolve()));
  }

  async close(): Promise<void> {
    await Promise.all([...this.engines.values()].map((e) => e.close()));
    await this.onClose();
  }
}
