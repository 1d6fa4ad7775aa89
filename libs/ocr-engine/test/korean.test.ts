import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { EnvReader, ErrorCodes, type OcrOptions } from '@ocr-pool/contracts';
import { createEngine, readEngineConfig, type OcrEngine } from '../src/index.js';
import { findTesseract } from '../src/engines/tesseract/tesseract-install.js';
import { characterErrorRate } from '@ocr-pool/dev';
import { renderText, type TextLine } from './render-text.js';

/**
 * Korean through the tesseract engine (Debian tesseract-ocr + tesseract-ocr-kor, fonts-nanum to
 * render the pages), with our detector deciding lines and orientation.
 */
let engine: OcrEngine;
before(async () => {
  const install = await findTesseract();
  assert.ok(
    install?.languages.includes('kor'),
    'these tests need Debian tesseract-ocr and tesseract-ocr-kor (.ci/run installs them)',
  );
  engine = await createEngine(readEngineConfig(new EnvReader({ OCR_INFERENCE_THREADS: '2' })));
});
after(() => engine.close());

const RECEIPT: TextLine[] = [
  { text: '영수증', x: 40, y: 60, size: 34 },
  { text: '받는 분: 김민준', x: 40, y: 120 },
  { text: '주문번호: 36976516', x: 40, y: 170 },
  { text: '결제 금액: 2,893,981원', x: 40, y: 220 },
  { text: '감사합니다. 또 방문해 주세요.', x: 40, y: 270 },
];
const TRUTH = RECEIPT.map((l) => l.text).join('\n');

async function read(rotate: number, options: Partial<OcrOptions> = {}) {
  const image = await renderText(RECEIPT, { width: 760, height: 320, font: 'NanumGothic', rotate });
  const [outcome] = await engine.recognize([
    { image, options: { language: 'korean', confidence_threshold: 0.3, use_angle_cls: true, ...options } },
  ]);
  assert.ok(outcome?.ok, outcome && !outcome.ok ? outcome.error.message : 'no outcome');
  return outcome.result;
}

test('Korean routes to tesseract under every alias', () => {
  for (const alias of ['ko', 'kor', 'korean', 'KOREAN']) {
    const route = engine
      .languages()
      .find((l) => l.aliases.includes(alias.toLowerCase()) || l.code === alias.toLowerCase());
    assert.equal(route?.engine, 'tesseract', alias);
  }
});

// One bound for all three pages, the bound for upside-down pages. Measured: 0.031 for each (a
// thousands comma read as "." or "2", the closing full stop dropped). The ko_doc bar (0.03) is
// checked by `npm run bench -- engine` on ../shared/eval (0.023).
test('an upright Korean receipt reads within CER 0.05', async () => {
  const result = await read(0);
  assert.ok(
    characterErrorRate(result.text, TRUTH) <= 0.05,
    `CER ${characterErrorRate(result.text, TRUTH).toFixed(3)}:\n${result.text}`,
  );
  assert.equal(result.model.engine, 'tesseract');
  assert.equal(result.language, 'ko');
});

test('an upside-down Korean receipt is turned and reads within CER 0.05', async () => {
  const result = await read(180);
  assert.equal(result.angle, 180);
  assert.ok(
    characterErrorRate(result.text, TRUTH) <= 0.05,
    `CER ${characterErrorRate(result.text, TRUTH).toFixed(3)}:\n${result.text}`,
  );
});

test('a Korean receipt skewed by 5 degrees reads within CER 0.05', async () => {
  const result = await read(5);
  assert.ok(
    characterErrorRate(result.text, TRUTH) <= 0.05,
    `CER ${characterErrorRate(result.text, TRUTH).toFixed(3)}:\n${result.text}`,
  );
});

test('a language no engine reads names the installed ones and the Debian package to add', async () => {
  const [outcome] = await engine.recognize([
    {
      image: await renderText([{ text: 'x', x: 5, y: 20 }], { width: 40, height: 30 }),
      options: { language: 'japanese', confidence_threshold: 0.5, use_angle_cls: true },
    },
  ]);
  assert.ok(outcome && !outcome.ok);
  assert.equal(outcome.error.code, ErrorCodes.LANGUAGE_UNAVAILABLE);
  assert.match(outcome.error.message, /Installed languages: .*en/);
  assert.match(outcome.error.message, /tesseract-ocr-jpn/);
});
