import type { Quad } from '@ocr-pool/contracts';
import type { RgbImage } from '../image/rgb-image.js';
import type { LineCrop } from '../recognize/line-crop.js';
import type { LoadedPack } from '../runtime/pack-sessions.js';
import { detectText } from '../detect/detect-text.js';
import type { DbParams } from '../detect/db-postprocess.js';
import { cropQuad } from '../crop/crop-quad.js';
import { extendAlongText, mapQuad, quadCentre, quadHeight, quadWidth, rotateCorners } from '../geometry/quad-math.js';
import { classifyLines, type ClassifyParams } from '../classify/classify-lines.js';
import { whitenPaperInPlace } from '../image/whiten-paper.js';

/**
 * Everything that needs the page's pixels, for one region of it (the whole page, or a strip of a
 * large page): find the text boxes, cut each out straightened to the recogniser's height, and
 * collect the angle classifier's evidence. The output is self-contained line crops that any
 * inference thread can recognise, and orientation votes that the caller combines over all strips.
 */
export interface DetectRegionParams {
  /** Detector scale for the page (the same for every strip). */
  scale: number;
  db: DbParams;
  /** `null` skips angle classification (`use_angle_cls=false`). */
  classify: ClassifyParams | null;
  /** Height of the line crops (the recogniser's input height for PP-OCR). */
  cropHeight: number;
  /**
   * Horizontal squeeze for lines printed at least `fromHeight` page pixels tall: the recogniser
   * reads well-resolved Latin text as well or better at 0.7-0.8 of its natural width, and its cost
   * is proportional to width. Small, blurry text (under ~20 px) loses detail when squeezed.
   */
  squeeze: { fromHeight: number; scale: number };
  /**
   * Extra width cut at each end of a well-resolved line (as tall as `squeeze.fromHeight`), as a
   * share of its height: the detector's box often stops short of a small final mark (a full stop
   * is a few pixels of weak probability). Small, noisy lines read worse with more around them.
   */
  endMargin: number;
  /** Page row of the region's first row. */
  offsetY: number;
  /** Page rows whose boxes this region reports: `[ownTop, ownBottom)`. */
  ownTop: number;
  ownBottom: number;
  /** Luminance mapped to white before cropping (see `whiten-paper.ts`), if any. */
  paperWhite?: number;
}

export interface RegionLine {
  /** Corners in page coordinates, starting at the text's own top-left (before any 180 turn). */
  quad: Quad;
  detScore: number;
  /** Classifier probability that the line is upside down, where it was sampled. */
  p180?: number;
}

export interface DetectedRegion {
  lines: RegionLine[];
  crops: LineCrop[];
  timings: { detect: number; classify: number };
}

/** Crops at least this much taller than wide hold vertical text: read them turned 90 degrees (PaddleOCR). */
const VERTICAL_ASPECT = 1.5;

export async function detectRegion(
  pack: LoadedPack,
  region: RgbImage,
  params: DetectRegionParams,
): Promise<DetectedRegion> {
  const t0 = performance.now();
  const detected = await detectText(await pack.det(), region, params.scale, params.db);
  // The region belongs to this task and the detector is done with it: whiten it where it lies.
  if (params.paperWhite !== undefined && detected.length > 0) whitenPaperInPlace(region, params.paperWhite);
  const source = region;
  const lines: RegionLine[] = [];
  const crops: LineCrop[] = [];
  for (const { quad, score } of detected) {
    const centreY = quadCentre(quad)[1] + params.offsetY;
    if (centreY < params.ownTop || centreY >= params.ownBottom) continue;
    // np.rot90 turns a vertical crop counter-clockwise; starting the quad at its top-right corner does the same.
    const upright = quadHeight(quad) >= VERTICAL_ASPECT * quadWidth(quad) ? rotateCorners(quad, 1) : quad;
    const margin = quadHeight(upright) >= params.squeeze.fromHeight ? params.endMargin : 0;
    const oriented = extendAlongText(upright, margin * quadHeight(upright));
    const w = quadWidth(oriented),
      h = quadHeight(oriented);
    const xScale = h >= params.squeeze.fromHeight ? params.squeeze.scale : 1;
    const outWidth = Math.max(1, Math.round((params.cropHeight * w * xScale) / h));
    crops.push({ ...cropQuad(source, oriented, outWidth, params.cropHeight), xScale, sourceHeight: h });
    lines.push({ quad: mapQuad(upright, ([x, y]) => [x, y + params.offsetY]), detScore: score });
  }
  const t1 = performance.now();

  if (params.classify && crops.length > 0) {
    const p180 = await classifyLines(await pack.cls(), crops, params.classify, pack.classifierBatches);
    p180.forEach((p, i) => {
      if (p !== undefined) lines[i]!.p180 = p;
    });
  }
  return { lines, crops, timings: { detect: t1 - t0, classify: performance.now() - t1 } };
}
