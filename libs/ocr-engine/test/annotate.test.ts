import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { EnvReader, type OcrResult, type Point } from '@ocr-pool/contracts';
import { annotateImage, buildAnnotationSvg, createEngine, readEngineConfig, type OcrEngine } from '../src/index.js';
import { INVOICE_LINES, INVOICE_SIZE, renderText, type TextLine } from './render-text.js';

/**
 * `--draw` output on real models: the boxes the engine reports for a skewed and an upside-down
 * page must sit on the lines the test rendered, and the annotated PNG must show them.
 */
let engine: OcrEngine;

before(async () => {
  engine = await createEngine(readEngineConfig(new EnvReader({ OCR_INFERENCE_THREADS: '2' })));
});
after(() => engine.close());

async function read(image: Uint8Array): Promise<OcrResult> {
  const [outcome] = await engine.recognize([
    { image, options: { language: 'en', confidence_threshold: 0.5, use_angle_cls: true } },
  ]);
  if (!outcome?.ok) assert.fail(outcome ? `${outcome.error.code}: ${outcome.error.message}` : 'no outcome');
  return outcome.result;
}

/**
 * Maps a point of the rotated image back onto the page as rendered. sharp turns the page
 * clockwise about its centre and grows the canvas to fit, so the centres correspond.
 */
function unrotate([x, y]: Point, degrees: number, rotated: { width: number; height: number }): Point {
  const a = (-degrees * Math.PI) / 180;
  const dx = x - rotated.width / 2;
  const dy = y - rotated.height / 2;
  return [
    Math.cos(a) * dx - Math.sin(a) * dy + INVOICE_SIZE.width / 2,
    Math.sin(a) * dx + Math.cos(a) * dy + INVOICE_SIZE.height / 2,
  ];
}

const centroid = (quad: readonly Point[]): Point => [
  quad.reduce((s, p) => s + p[0], 0) / quad.length,
  quad.reduce((s, p) => s + p[1], 0) / quad.length,
];

/** Each box's centre, taken back to the upright page, lies in the band of the line it read. */
function assertBoxesOnTheirLines(result: OcrResult, degrees: number): void {
  assert.ok(result.text_boxes.length >= INVOICE_LINES.length - 3, 'most lines were found');
  for (const box of result.text_boxes) {
    const line: TextLine | undefined = INVOICE_LINES.find((l) => l.text.includes(box.text.trim()));
    assert.ok(line, `"${box.text}" is one of the rendered lines`);
    const [x, y] = unrotate(centroid(box.box), degrees, result);
    const size = line.size ?? 24;
    // A line's ink spans from the cap height (about 0.75 em above the baseline) to its descenders.
    assert.ok(y > line.y - 0.85 * size && y < line.y + 0.3 * size, `"${box.text}" centre y ${y} on baseline ${line.y}`);
    if (line.align === 'end') assert.ok(x < line.x, `"${box.text}" centre x ${x} left of ${line.x}`);
    else assert.ok(x > line.x, `"${box.text}" centre x ${x} right of ${line.x}`);
  }
}

/** True when some pixel near `p` is strongly coloured: an outline, not paper or black text. */
function colouredNear(png: { data: Buffer; width: number; channels: number }, [px, py]: Point): boolean {
  for (let dy = -2; dy <= 2; dy++) {
    for (let dx = -2; dx <= 2; dx++) {
      const i = ((Math.round(py) + dy) * png.width + Math.round(px) + dx) * png.channels;
      const [r, g, b] = [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!];
      if (Math.max(r, g, b) - Math.min(r, g, b) > 80) return true;
    }
  }
  return false;
}

async function assertDrawn(image: Uint8Array, result: OcrResult): Promise<void> {
  const png = await annotateImage(image, result);
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  const layout = buildAnnotationSvg(result);
  assert.deepEqual(
    [info.width, info.height],
    [result.width + layout.panelWidth, Math.max(result.height, layout.height)],
  );
  for (const box of result.text_boxes) {
    // The middle of the box's closing edge (right side as the text reads): away from the number label.
    const [a, b] = [box.box[1], box.box[2]];
    const mid: Point = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
    assert.ok(colouredNear({ data, width: info.width, channels: info.channels }, mid), `outline of "${box.text}"`);
  }
}

test('boxes on a page skewed by 6 degrees sit on the rendered lines and are drawn', async () => {
  const image = await renderText(INVOICE_LINES, { ...INVOICE_SIZE, rotate: 6 });
  const result = await read(image);
  assertBoxesOnTheirLines(result, 6);
  await assertDrawn(image, result);
});

test('boxes on an upside-down page are in the image as given, on the rendered lines, and drawn', async () => {
  const image = await renderText(INVOICE_LINES, { ...INVOICE_SIZE, rotate: 180 });
  const result = await read(image);
  assert.equal(result.angle, 180);
  assertBoxesOnTheirLines(result, 180);
  await assertDrawn(image, result);
});

test('an image whose EXIF says turn it is drawn turned, as the engine read it', async () => {
  const page = await renderText(INVOICE_LINES, INVOICE_SIZE);
  // Stored sideways with orientation 6 (display turned 90 degrees clockwise): the result is upright.
  const stored = new Uint8Array(await sharp(page).rotate(-90).withMetadata({ orientation: 6 }).jpeg().toBuffer());
  const result = await read(stored);
  assert.deepEqual([result.width, result.height], [INVOICE_SIZE.width, INVOICE_SIZE.height]);
  assertBoxesOnTheirLines(result, 0);
  await assertDrawn(stored, result);
});

test('a result for another image is refused rather than drawn in the wrong place', async () => {
  const image = await renderText([{ text: 'x', x: 5, y: 20 }], { width: 40, height: 30 });
  const result = await read(await renderText(INVOICE_LINES, INVOICE_SIZE));
  await assert.rejects(annotateImage(image, result), /800x320 image but this image is 40x30/);
});
