/**
 * Options a client may set per image. Field names are the wire names of the old BentoML service
 * (`confidence_threshold`, `use_angle_cls`), used unchanged by the HTTP API, the job payload and
 * the engine so that no layer has to translate them.
 */
export interface OcrOptions {
  /** Language name or alias, e.g. `en`, `english`, `ch`, `korean`. */
  language: string;
  /** Boxes recognised with a lower confidence (0..1) are left out of the result. */
  confidence_threshold: number;
  /** Classify text orientation so upside-down lines and pages read correctly. */
  use_angle_cls: boolean;
}

/** The old service's defaults, kept for its routes. */
export const LEGACY_DEFAULT_OPTIONS: Readonly<OcrOptions> = Object.freeze({
  language: 'korean',
  confidence_threshold: 0.5,
  use_angle_cls: true,
});

/** Defaults of the v1 API and the CLI, apart from the language, which is configured. */
export const DEFAULT_CONFIDENCE_THRESHOLD = 0.5;
export const DEFAULT_USE_ANGLE_CLS = true;
