import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { EnvReader, ErrorCodes, type OcrOptions } from '@ocr-pool/contracts';
import { bundledPack, createEngine, readEngineConfig, type OcrEngine } from '../src/index.js';
import { INVOICE_LINES, INVOICE_SIZE, INVOICE_TEXT, renderText } from './render-text.js';

/** The real engine: bundled PP-OCRv4 models on the inference thread pool, as the worker runs it. */
let engine: OcrEngine;
const en: OcrOptions = { language: 'en', confidence_threshold: 0.5, use_angle_cls: true };

before(async () => {
  engine = await createEngine(readEngineConfig(new EnvReader({ OCR_INFERENCE_THREADS: '2' })));
});
after(() => engine.close());

async function read(image: Uint8Array, options: OcrOptions = en) {
  const [outcome] = await engine.recognize([{ image, options }]);
  assert.ok(outcome);
  if (!outcome.ok) assert.fail(`${outcome.error.code}: ${outcome.error.message}`);
  return outcome.result;
}

test('reads a rendered invoice line by line, with right-aligned amounts on their rows', async () => {
  const result = await read(await renderText(INVOICE_LINES, INVOICE_SIZE));
  assert.deepEqual(result.lines, INVOICE_TEXT);
  assert.equal(result.text, INVOICE_TEXT.join('\n'));
  assert.equal(result.angle, 0);
  assert.deepEqual([result.width, result.height], [INVOICE_SIZE.width, INVOICE_SIZE.height]);
  assert.ok(result.overall_confidence > 0.9);
  assert.equal(result.model.name, 'ppocr-v4-ch');
  for (const box of result.text_boxes) assert.equal(box.box.length, 4);
  assert.ok(result.timings_ms.total >= result.timings_ms.decode);
});

test('reads an upside-down page and reports the 180 degree turn', async () => {
  const result = await read(await renderText(INVOICE_LINES, { ...INVOICE_SIZE, rotate: 180 }));
  assert.deepEqual(result.lines, INVOICE_TEXT);
  assert.equal(result.angle, 180);
  // Boxes stay in image coordinates: the title now sits near the bottom of the image.
  const title = result.text_boxes.find((b) => b.text.startsWith('INVOICE'))!;
  assert.ok(title.box[0][1] > INVOICE_SIZE.height / 2);
});

test('reads a page held sideways either way, lines in order, and reports the turn that reads it', async () => {
  // Turned 90 degrees clockwise its text runs down the image: it reads turned 270 clockwise.
  for (const [rotate, angle] of [
    [90, 270],
    [270, 90],
  ] as const) {
    const result = await read(await renderText(INVOICE_LINES, { ...INVOICE_SIZE, rotate }));
    assert.deepEqual(result.lines, INVOICE_TEXT, `page turned ${rotate}`);
    assert.equal(result.angle, angle, `page turned ${rotate}`);
  }
});

test('small print the angle classifier calls upside down is read as it lies, because it reads better so', async () => {
  // At 7 px the classifier votes every line of this upright page upside down.
  const lines = [0, 1, 2, 3].map((i) => ({
    text: `Small print line ${i} terms apply`,
    x: 10,
    y: 20 + i * 14,
    size: 7,
  }));
  const result = await read(await renderText(lines, { width: 400, height: 150 }));
  assert.equal(result.angle, 0);
  assert.deepEqual(
    result.lines,
    lines.map((l) => l.text),
  );
});

test('a long receipt keeps its text readable: its height is not shrunk to the detector side limit', async () => {
  // 576x9000: held to 2400 px both ways, its 22 px text would be 6 px tall for the detector.
  const items = ['Coffee beans 12.50', 'Oat milk 2L 3.20', 'Rye bread 4.10', 'Butter 250g 2.75'];
  const lines = Array.from({ length: 12 }, (_, i) => ({ text: items[i % 4]!, x: 20, y: 300 + i * 720, size: 22 }));
  const result = await read(await renderText(lines, { width: 576, height: 9000 }));
  assert.deepEqual(
    result.lines,
    lines.map((l) => l.text),
  );
});

test('pages as wide as a letter page stacked in one tall image read as each page would alone', async () => {
  // 2550x13200, four letter pages high: budgeted whole, its 24 px text came to the detector 6 px tall.
  const items = ['Invoice INV-55610 dated April 28', 'Total due 85,561.93', 'Ship to 7254 Granite Ave'];
  const lines = Array.from({ length: 9 }, (_, i) => ({ text: items[i % 3]!, x: 150, y: 500 + i * 1400, size: 24 }));
  const result = await read(await renderText(lines, { width: 2550, height: 13_200 }));
  assert.deepEqual(
    result.lines,
    lines.map((l) => l.text),
  );
});

test('with use_angle_cls=false an upside-down page is not turned', async () => {
  const result = await read(await renderText(INVOICE_LINES, { ...INVOICE_SIZE, rotate: 180 }), {
    ...en,
    use_angle_cls: false,
  });
  assert.equal(result.angle, 0);
  assert.notDeepEqual(result.lines, INVOICE_TEXT);
});

test('reads a page skewed by 6 degrees with every amount on its own row', async () => {
  const result = await read(await renderText(INVOICE_LINES, { ...INVOICE_SIZE, rotate: 6 }));
  assert.deepEqual(result.lines, INVOICE_TEXT);
});

test('confidence_threshold drops boxes read with less confidence', async () => {
  const result = await read(await renderText(INVOICE_LINES, INVOICE_SIZE), { ...en, confidence_threshold: 1 });
  assert.equal(result.text, '');
  assert.deepEqual(result.text_boxes, []);
});

test('a batch returns one outcome per image, in order, and a bad image fails alone', async () => {
  const good = await renderText([{ text: 'Order 5521 shipped', x: 20, y: 50 }], { width: 400, height: 80 });
  const outcomes = await engine.recognize([
    { image: good, options: en },
    { image: new Uint8Array(Buffer.from('not an image')), options: en },
    { image: good, options: { ...en, language: 'klingon' } },
    { image: good, options: { ...en, confidence_threshold: 2 } },
  ]);
  assert.equal(outcomes.length, 4);
  assert.ok(outcomes[0]!.ok && outcomes[0]!.result.text === 'Order 5521 shipped');
  assert.deepEqual(
    outcomes.slice(1).map((o) => (o.ok ? 'ok' : o.error.code)),
    [ErrorCodes.IMAGE_UNREADABLE, ErrorCodes.LANGUAGE_UNAVAILABLE, ErrorCodes.INVALID_OPTION],
  );
});

test('without tesseract, Korean fails fast with the bundled pack, naming the installed languages', async () => {
  const packOnly = await createEngine(
    readEngineConfig(new EnvReader({ OCR_TESSERACT: 'off', OCR_INFERENCE_THREADS: '1' })),
  );
  try {
    const image = await renderText([{ text: 'x', x: 5, y: 20 }], { width: 40, height: 30 });
    const [outcome] = await packOnly.recognize([{ image, options: { ...en, language: 'korean' } }]);
    assert.ok(outcome && !outcome.ok);
    assert.equal(outcome.error.code, ErrorCodes.LANGUAGE_UNAVAILABLE);
    assert.match(outcome.error.message, /Installed languages: ch, en\./);
    assert.match(outcome.error.message, /tesseract-ocr-kor/);
  } finally {
    await packOnly.close();
  }
});

test('a pack in OCR_MODEL_DIR adds its language and routes it there', async () => {
  // A "Korean" pack assembled from the bundled files: routing is what is under test, not Korean.
  const bundled = bundledPack();
  const dir = join(mkdtempSync(join(tmpdir(), 'packs-')), 'test-ko');
  mkdirSync(dir);
  for (const file of [bundled.rec, bundled.dict]) copyFileSync(file, join(dir, basename(file)));
  writeFileSync(
    join(dir, 'manifest.json'),
    JSON.stringify({
      name: 'test-ko',
      version: '0.1',
      languages: ['korean'],
      rec: basename(bundled.rec),
      dict: basename(bundled.dict),
    }),
  );
  const withPack = await createEngine(
    readEngineConfig(new EnvReader({ OCR_MODEL_DIR: dir, OCR_INFERENCE_THREADS: '1' })),
  );
  try {
    assert.deepEqual(
      withPack.languages().map((l) => [l.code, l.pack]),
      [
        ['ko', 'test-ko@0.1'],
        ['ch', 'ppocr-v4-ch@4.0.0'],
        ['en', 'ppocr-v4-ch@4.0.0'],
      ],
    );
    const [outcome] = await withPack.recognize([
      {
        image: await renderText([{ text: 'Seoul 2024', x: 10, y: 40 }], { width: 300, height: 60 }),
        options: { ...en, language: 'ko' },
      },
    ]);
    assert.ok(outcome?.ok);
    assert.equal(outcome.result.model.name, 'test-ko');
    assert.equal(outcome.result.language, 'ko');
    assert.equal(outcome.result.text, 'Seoul 2024');
  } finally {
    await withPack.close();
  }
});

test('the event loop keeps turning while a large page is read on the inference threads', async (t) => {
  const page = await renderText(
    Array.from({ length: 40 }, (_, i) => ({
      text: `Line ${i + 1}: the quick brown fox jumps over the lazy dog ${1000 + i}`,
      x: 60,
      y: 80 + i * 60,
      size: 28,
    })),
    { width: 1700, height: 2500 },
  );
  let last = performance.now(),
    worstGap = 0,
    ticks = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worstGap = Math.max(worstGap, now - last);
    last = now;
    ticks++;
  }, 10);
  try {
    const result = await read(page);
    assert.equal(result.lines.length, 40);
  } finally {
    clearInterval(timer);
  }
  t.diagnostic(`worst event loop gap ${worstGap.toFixed(0)} ms over ${ticks} ticks`);
  // Inference on this thread would block it for the whole detector call (hundreds of ms).
  assert.ok(ticks > 10, `only ${ticks} timer ticks`);
  assert.ok(worstGap < 250, `event loop blocked for ${worstGap.toFixed(0)} ms`);
});

test('usage counts the inference threads, their task time and the model time inside it', async () => {
  const before = engine.usage?.();
  assert.ok(before, 'the real engine reports its inference usage');
  assert.equal(before.threads, 2);
  const page = await renderText(INVOICE_LINES, INVOICE_SIZE);
  const started = performance.now();
  await read(page);
  const elapsedSeconds = (performance.now() - started) / 1000;
  const after = engine.usage!()!;
  const busy = after.busySeconds - before.busySeconds;
  const model = after.modelSeconds - before.modelSeconds;
  // The page's detection and its line reading ran on the threads, and most of that was the models.
  assert.ok(model > 0, `model time ${model}`);
  assert.ok(model <= busy, `model time ${model} s is part of task time ${busy} s`);
  assert.ok(busy <= elapsedSeconds * after.threads, `task time ${busy} s within ${elapsedSeconds} s on 2 threads`);
});
