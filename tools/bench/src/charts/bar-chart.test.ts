import { test } from 'node:test';
import assert from 'node:assert/strict';
import { barChart } from './bar-chart.js';
import { allText, findAll, readSvg, type SvgElement } from './svg-reader.js';

const spec = {
  title: 'CER per category',
  xLabel: 'category',
  yLabel: 'page CER',
  categories: ['en_line', 'rot180', 'ko_doc'],
  series: [
    { name: 'ocr-pool', values: [0, 0.2, 0.4] },
    { name: 'tesseract <5.3> & "friends"', values: [0.1, 0.8, undefined] },
  ],
};

const bars = (svg: SvgElement): SvgElement[] => findAll(svg, 'rect').filter((r) => r.attrs.class === 'bar');
const num = (e: SvgElement, key: string): number => Number(e.attrs[key]);

test('a grouped bar chart is well-formed SVG with one bar per measured value', () => {
  const svg = readSvg(barChart(spec));
  assert.equal(svg.attrs.xmlns, 'http://www.w3.org/2000/svg');
  assert.equal(bars(svg).length, 5, 'the unmeasured value leaves a gap, not a bar');
  assert.deepEqual(
    bars(svg).map((b) => `${b.attrs['data-series']}|${b.attrs['data-category']}|${b.attrs['data-value']}`),
    [
      'ocr-pool|en_line|0',
      'tesseract <5.3> & "friends"|en_line|0.1',
      'ocr-pool|rot180|0.2',
      'tesseract <5.3> & "friends"|rot180|0.8',
      'ocr-pool|ko_doc|0.4',
    ],
  );
});

test('bar heights are proportional to the values and all stand on the zero line', () => {
  const svg = readSvg(barChart(spec));
  const [zeroBar, , b02, b08, b04] = bars(svg);
  const height = (b: SvgElement): number => num(b, 'height');
  const base = (b: SvgElement): number => num(b, 'y') + num(b, 'height');
  assert.ok(Math.abs(height(b08!) / height(b02!) - 4) < 0.02);
  assert.ok(Math.abs(height(b04!) / height(b02!) - 2) < 0.02);
  for (const b of [b02, b08, b04]) assert.ok(Math.abs(base(b!) - base(b02!)) < 0.11);
  assert.equal(height(zeroBar!), 1, 'a measured zero is a hairline');
  // The 0 tick sits on the bars' base, the top tick at or above the tallest bar.
  const yTicks = findAll(svg, 'g').find((g) => g.attrs.class === 'y-ticks')!.children;
  const zeroTick = yTicks.find((t) => t.text === '0')!;
  assert.ok(Math.abs(num(zeroTick, 'y') - 4 - base(b02!)) < 0.11);
  assert.equal(yTicks.at(-1)!.text, '0.8');
});

test('series keep their order within each group and groups follow the categories', () => {
  const svg = readSvg(barChart(spec));
  const [a, b, c, d] = bars(svg).map((r) => num(r, 'x'));
  assert.ok(a! < b! && b! < c! && c! < d!);
  const labels = findAll(svg, 'g')
    .find((g) => g.attrs.class === 'x-ticks')!
    .children.map((t) => t.text);
  assert.deepEqual(labels, ['en_line', 'rot180', 'ko_doc']);
});

test('names, title and axis labels appear, escaped, and the values are in the tooltips', () => {
  const source = barChart(spec);
  assert.ok(!source.includes('<5.3>'), 'raw markup never reaches the file');
  const text = allText(readSvg(source));
  for (const expected of ['CER per category', 'category', 'page CER', 'ocr-pool', 'tesseract <5.3> & "friends"']) {
    assert.ok(text.includes(expected), `missing "${expected}"`);
  }
  assert.ok(text.includes('tesseract <5.3> & "friends", rot180: 0.8'));
});

test('a series whose length does not match the categories is refused', () => {
  assert.throws(() => barChart({ ...spec, series: [{ name: 'short', values: [1] }] }), /1 values for 3 categories/);
});
