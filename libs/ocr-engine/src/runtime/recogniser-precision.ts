import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ErrorCodes, OcrError } from '@ocr-pool/contracts';
import type { ModelPack } from '../packs/model-pack.js';
import type { Device } from './execution-provider.js';
import { type Int8Support, int8WeightBits } from './cpu-int8-support.js';
import { QUANTISATION_SCHEME } from './graph/int8-calibration.js';

/**
 * Decides, per model pack, whether its recogniser runs in int8 or float (`OCR_REC_PRECISION`).
 * `auto` takes int8 where it pays and is measured: `OCR_DEVICE=cpu`, a calibration taken on this
 * very model file, and a CPU with VNNI (8-bit weights) or with AVX2 alone when the calibration
 * holds bias shifts measured for 7-bit weights. `int8` insists (and fails at start-up when a pack
 * cannot), `fp32` never. Decided once in the main thread, so every inference thread agrees and
 * the worker can say what it runs.
 */
export type RecPrecisionSetting = 'auto' | 'fp32' | 'int8';

export interface PrecisionChoice {
  pack: string;
  precision: 'fp32' | 'int8';
  reason: string;
}

export function fileSha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

export function planRecogniserPrecision(
  packs: readonly ModelPack[],
  setting: RecPrecisionSetting,
  device: Device,
  support: Int8Support,
  sha256Of: (path: string) => string = fileSha256,
): { packs: ModelPack[]; choices: PrecisionChoice[] } {
  const choices: PrecisionChoice[] = [];
  const planned = packs.map((pack): ModelPack => {
    const choose = (precision: 'fp32' | 'int8', reason: string): ModelPack => {
      choices.push({ pack: pack.id, precision, reason });
      const calibration = pack.recCalibration;
      // calibrationProblem() has ruled out a pack without one before int8 is chosen.
      return precision === 'int8' && calibration
        ? { ...pack, recInt8: { calibration, weightBits: int8WeightBits(support) } }
        : pack;
    };
    if (setting === 'fp32') return choose('fp32', 'OCR_REC_PRECISION=fp32');
    const problem =
      device !== 'cpu'
        ? `OCR_DEVICE=${device}: int8 recognisers run on the CPU only`
        : calibrationProblem(pack, sha256Of);
    if (setting === 'int8') {
      if (problem) {
        throw new OcrError(
          ErrorCodes.MODEL_PACK_INVALID,
          `OCR_REC_PRECISION=int8, but model pack ${pack.id} cannot run in int8: ${problem}. Set OCR_REC_PRECISION=auto (int8 where possible) or fp32.`,
        );
      }
      return choose(
        'int8',
        support.kind === 'vnni'
          ? `OCR_REC_PRECISION=int8; ${support.detail}`
          : `OCR_REC_PRECISION=int8 (${support.detail}: 7-bit weights, so its 16-bit sums cannot saturate; a smaller gain)`,
      );
    }
    if (problem) return choose('fp32', problem);
    if (support.kind === 'vnni') return choose('int8', support.detail);
    if (support.kind === 'none') return choose('fp32', `${support.detail}, where int8 was never measured to pay`);
    return pack.recCalibration?.biasShift7
      ? choose('int8', `${support.detail}: 7-bit weights, with the bias shifts measured for them`)
      : choose(
          'fp32',
          `${support.detail}, and the pack's int8 calibration has no 7-bit bias shifts (npm run bench -- calibrate --weight-bits 7)`,
        );
  });
  return { packs: planned, choices };
}

/** Why the pack's calibration cannot build its recogniser (none, another scheme, another file), or undefined. */
export function calibrationProblem(
  pack: ModelPack,
  sha256Of: (path: string) => string = fileSha256,
): string | undefined {
  const calibration = pack.recCalibration;
  if (!calibration) return 'the pack has no int8 calibration';
  if (calibration.scheme !== QUANTISATION_SCHEME)
    return `its int8 calibration is for scheme ${calibration.scheme}, this build reads scheme ${QUANTISATION_SCHEME} (run npm run bench -- calibrate)`;
  if (calibration.modelSha256 !== sha256Of(pack.rec))
    return 'its int8 calibration was measured on another recogniser file (run npm run bench -- calibrate)';
  return undefined;
}
