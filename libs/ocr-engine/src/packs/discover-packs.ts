import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ErrorCodes, OcrError } from '@ocr-pool/contracts';
import { loadPackFolder, type ModelPack } from './model-pack.js';

/**
 * Finds the packs under each configured model folder (`OCR_MODEL_DIR`): a folder is either a
 * pack itself (it has `manifest.json`) or holds pack folders. A missing or broken folder is an
 * error at start-up, never a silent fallback to other models.
 */
export function discoverPacks(folders: readonly string[], bundled: ModelPack): ModelPack[] {
  const packs: ModelPack[] = [];
  for (const folder of folders) {
    if (!existsSync(folder) || !statSync(folder).isDirectory()) {
      throw new OcrError(ErrorCodes.MODEL_PACK_INVALID, `OCR_MODEL_DIR ${folder} is not a folder.`);
    }
    if (existsSync(join(folder, 'manifest.json'))) {
      packs.push(loadPackFolder(folder, bundled));
      continue;
    }
    const children = readdirSync(folder)
      .map((name) => join(folder, name))
      .filter((path) => statSync(path).isDirectory() && existsSync(join(path, 'manifest.json')))
      .sort();
    if (children.length === 0) {
      throw new OcrError(
        ErrorCodes.MODEL_PACK_INVALID,
        `OCR_MODEL_DIR ${folder} holds no model pack (no manifest.json in it or in its sub-folders).`,
      );
    }
    packs.push(...children.map((child) => loadPackFolder(child, bundled)));
  }
  return packs;
}
