import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { OcrResult } from '@ocr-pool/contracts';
import { buildAnnotationSvg, confidenceColour } from './annotation-svg.js';

const result = (boxes: Array<{ text: string; confidence: number }>): OcrResult => ({
  text: boxes.map((b) => b.text).join('\n'),
  overall_confidence: 0.9,
  text_boxes: boxes.map((b, i) => ({
    ...b,
    line: i,
    box: [
      [10, 10 + 30 * i],
      [110, 10 + 30 * i],
      [110, 30 + 30 * i],
      [10, 30 + 30 * i],
    ],
  })),
  lines: boxes.map((b) => b.text),
  width: 200,
  height: 100,
  angle: 0,
  language: 'en',
  model: { engine: 'test', name: 'test', version: '0' },
  timings_ms: { decode: 0, detect: 0, classify: 0, recognize: 0, total: 0 },
});

test('confidence runs from red at 0.5 and below to green at 1', () => {
  assert.equal(confidenceColour(0.2), 'hsl(0,85%,38%)');
  assert.equal(confidenceColour(0.75), 'hsl(60,85%,38%)');
  assert.equal(confidenceColour(1), 'hsl(120,85%,38%)');
});

test('every box is a numbered polygon through its four corners, listed in the panel', () => {
  const layout = buildAnnotationSvg(
    result([
      { text: 'first', confidence: 1 },
      { text: 'second', confidence: 0.5 },
    ]),
  );
  assert.equal((layout.svg.match(/<polygon /g) ?? []).length, 2);
  assert.match(layout.svg, /points="10,10 110,10 110,30 10,30"/);
  assert.match(layout.svg, />1\. first \(1\.00\)</);
  assert.match(layout.svg, />2\. second \(0\.50\)</);
  assert.equal(layout.width, 200 + layout.panelWidth);
  assert.equal(layout.height, 100);
});

test('the panel grows the picture when there are more lines than the image is tall', () => {
  const many = Array.from({ length: 20 }, (_, i) => ({ text: `line ${i}`, confidence: 0.9 }));
  const layout = buildAnnotationSvg(result(many));
  assert.ok(layout.height > 100);
});

test('recognised text is escaped so it cannot break the SVG', () => {
  const layout = buildAnnotationSvg(result([{ text: '<a & "b">', confidence: 0.9 }]));
  assert.match(layout.svg, /&lt;a &amp; &quot;b&quot;&gt;/);
  assert.doesNotMatch(layout.svg, /<a /);
});
