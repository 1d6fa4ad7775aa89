import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { EnvReader, ErrorCodes, type OcrOptions } from '@ocr-pool/contracts';
import { GPU_PIPELINE_PARAMS, createEngine, readEngineConfig, type OcrEngine } from '../src/index.js';
import { INVOICE_LINES, INVOICE_SIZE, INVOICE_TEXT, renderText } from './render-text.js';

/**
 * The GPU shape of the engine (one inference thread, recogniser batches of up to 32 crops, pages
 * read together) run on the CPU provider with the real models: what a GPU worker does with a
 * batch of jobs, minus the device.
 */
let engine: OcrEngine;
const en: OcrOptions = { language: 'en', confidence_threshold: 0.5, use_angle_cls: true };

before(async () => {
  engine = await createEngine(readEngineConfig(new EnvReader({ OCR_INFERENCE_THREADS: '1' })), {
    params: GPU_PIPELINE_PARAMS,
  });
});
after(() => engine.close());

/** Model calls and the items they took, of the recogniser (lines) and the classifier (windows). */
function modelCounts(): number[] {
  const usage = engine.usage?.();
  assert.ok(usage);
  return [usage.recognizerRuns, usage.recognizerLines, usage.classifierRuns, usage.classifierWindows];
}

const since = (before: number[]): number[] => modelCounts().map((n, i) => n - before[i]!);

// A gate that never opens would hang the batch: fail instead.
const NO_HANG = { timeout: 60_000 };

test(
  "a batch's pages share classifier and recogniser batches, and each page gets its own lines back",
  NO_HANG,
  async () => {
    const upright = await renderText(INVOICE_LINES, INVOICE_SIZE);
    const upsideDown = await renderText(INVOICE_LINES, { ...INVOICE_SIZE, rotate: 180 });
    const line = await renderText([{ text: 'Order 5521 shipped', x: 20, y: 50 }], { width: 400, height: 80 });
    const pages = [upright, upsideDown, line];

    // The same pages one call each: every page's lines batch only among themselves.
    const start = modelCounts();
    const aloneTexts: string[][] = [];
    for (const image of pages) {
      const [outcome] = await engine.recognize([{ image, options: en }]);
      assert.ok(outcome?.ok);
      aloneTexts.push(outcome.result.lines);
    }
    const alone = since(start);

    const middle = modelCounts();
    const outcomes = await engine.recognize([
      ...pages.map((image) => ({ image, options: en })),
      // A page that fails before detection must not hold the others back.
      { image: new Uint8Array(Buffer.from('not an image')), options: en },
      // Nor one that skips classification.
      { image: line, options: { ...en, use_angle_cls: false } },
    ]);
    const together = since(middle);

    const texts = outcomes.map((o) => (o.ok ? o.result.lines : [o.error.message]));
    assert.deepEqual(texts.slice(0, 3), aloneTexts);
    assert.deepEqual(texts.slice(0, 3), [INVOICE_TEXT, INVOICE_TEXT, ['Order 5521 shipped']]);
    assert.deepEqual(texts[4], ['Order 5521 shipped']);
    assert.deepEqual(
      outcomes.map((o) => (o.ok ? o.result.angle : o.error.code)),
      [0, 180, 0, ErrorCodes.IMAGE_UNREADABLE, 0],
    );
    const [aloneRec, aloneLines, aloneCls, aloneWindows] = alone as [number, number, number, number];
    const [togetherRec, togetherLines, togetherCls, togetherWindows] = together as [number, number, number, number];
    // The same lines and windows (plus the last page's one line, unclassified), in fewer model calls:
    // the two invoices' crops have the same widths, so each recogniser batch takes both pages' lines.
    assert.equal(togetherLines, aloneLines + 1);
    assert.equal(togetherWindows, aloneWindows);
    assert.ok(
      togetherRec < aloneRec,
      `${togetherRec} recogniser runs together against ${aloneRec} page by page, for ${aloneLines} lines`,
    );
    assert.ok(aloneCls >= 3, `${aloneCls} classifier runs for three pages`);
    assert.equal(togetherCls, 1, `${togetherWindows} windows of three pages in one classifier batch`);
  },
);

test('pages of another language read in the same batch keep their own character set', NO_HANG, async () => {
  const page = await renderText([{ text: 'Invoice 20931', x: 20, y: 50 }], { width: 400, height: 80 });
  const outcomes = await engine.recognize([
    { image: page, options: en },
    { image: page, options: { ...en, language: 'ch' } },
  ]);
  assert.deepEqual(
    outcomes.map((o) => (o.ok ? [o.result.text, o.result.language] : o.error.code)),
    [
      ['Invoice 20931', 'en'],
      ['Invoice 20931', 'ch'],
    ],
  );
});
