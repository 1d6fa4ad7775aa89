import { ErrorCodes, OcrError } from '@ocr-pool/contracts';

/**
 * What the int8 recogniser is built from, besides the float model: where int8 starts, and the
 * range of every tensor the int8 graph stores as uint8. Measured once, offline, by
 * `npm run bench -- calibrate` on synthetic pages (never on the evaluation set), and committed
 * beside the code, so every worker builds the same model and nothing is measured at run time.
 */
export interface Int8Calibration {
  /** SHA-256 (hex) of the float ONNX file as shipped: ranges are only valid for that model. */
  modelSha256: string;
  /** `QUANTISATION_SCHEME` of the builder the ranges were measured for. */
  scheme: number;
  /**
   * Output of the first convolution that runs in int8; the convolutions before it stay float.
   * The first stages are cheap (few channels) and where int8 cost the most accuracy.
   */
  firstInt8Conv: string;
  /** `[low, high]` of each uint8 tensor, by its name in the rewritten float graph. */
  ranges: Record<string, readonly [number, number]>;
  /**
   * Per int8 convolution (by output name), what int8 added to each output channel on average over
   * the calibration lines, measured one convolution after another with the earlier ones already
   * corrected; taken out of the convolution's bias. Clipping a heavy-tailed input moves the mean
   * of some channels by tens of quantisation steps.
   */
  biasShift?: Record<string, readonly number[]>;
  /**
   * The same, measured with the 7-bit weights of CPUs without VNNI: rounding weights to half the
   * steps moves a channel's mean by another amount (its weights' rounding error times the mean
   * input). Absent: 7-bit weights take `biasShift`.
   */
  biasShift7?: Record<string, readonly number[]>;
  /** How the ranges were taken, for people reading the file. */
  source?: string;
}

/**
 * Bump when the int8 graph the builder emits changes what a range means (another tensor
 * quantised, another activation scheme): calibrations of an older scheme are then refused.
 */
export const QUANTISATION_SCHEME = 1;

export function parseInt8Calibration(value: unknown, where: string): Int8Calibration {
  const v = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof v.modelSha256 !== 'string' || !/^[0-9a-f]{64}$/.test(v.modelSha256))
    problems.push('"modelSha256" must be 64 hex digits');
  if (typeof v.scheme !== 'number' || !Number.isInteger(v.scheme)) problems.push('"scheme" must be an integer');
  if (typeof v.firstInt8Conv !== 'string' || v.firstInt8Conv.length === 0)
    problems.push('"firstInt8Conv" must be a tensor name');
  const ranges: Record<string, readonly [number, number]> = {};
  if (typeof v.ranges !== 'object' || v.ranges === null) problems.push('"ranges" must be an object');
  else {
    for (const [name, range] of Object.entries(v.ranges as Record<string, unknown>)) {
      const ok =
        Array.isArray(range) &&
        range.length === 2 &&
        range.every((x) => typeof x === 'number' && Number.isFinite(x)) &&
        (range[0] as number) < (range[1] as number);
      if (ok) ranges[name] = [range[0] as number, range[1] as number];
      else problems.push(`range of "${name}" must be [low, high] with low < high`);
    }
  }
  const biasShift = parseBiasShifts(v.biasShift, 'biasShift', 'bias shift', problems);
  const biasShift7 = parseBiasShifts(v.biasShift7, 'biasShift7', '7-bit bias shift', problems);
  if (problems.length) {
    throw new OcrError(ErrorCodes.MODEL_PACK_INVALID, `Int8 calibration ${where} is invalid: ${problems.join('; ')}.`);
  }
  return {
    modelSha256: v.modelSha256 as string,
    scheme: v.scheme as number,
    firstInt8Conv: v.firstInt8Conv as string,
    ranges,
    ...(biasShift ? { biasShift } : {}),
    ...(biasShift7 ? { biasShift7 } : {}),
    ...(typeof v.source === 'string' ? { source: v.source } : {}),
  };
}

function parseBiasShifts(
  value: unknown,
  field: string,
  what: string,
  problems: string[],
): Record<string, readonly number[]> | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null) {
    problems.push(`"${field}" must be an object`);
    return undefined;
  }
  const shifts: Record<string, readonly number[]> = {};
  for (const [name, shift] of Object.entries(value as Record<string, unknown>)) {
    if (Array.isArray(shift) && shift.every((x) => typeof x === 'number' && Number.isFinite(x)))
      shifts[name] = shift as number[];
    else problems.push(`${what} of "${name}" must be a list of numbers`);
  }
  return shifts;
}
