import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lineChart } from './line-chart.js';
import { allText, findAll, readSvg, type SvgElement } from './svg-reader.js';

const points = (svg: SvgElement): SvgElement[] => findAll(svg, 'circle').filter((c) => c.attrs.class === 'point');
const xy = (c: SvgElement): [number, number] => [Number(c.attrs.cx), Number(c.attrs.cy)];

test('points are placed linearly on linear axes, higher values higher up', () => {
  const svg = readSvg(
    lineChart({
      title: 'throughput against workers',
      xLabel: 'workers',
      yLabel: 'images/s',
      xTicks: [1, 2, 3, 4],
      series: [
        {
          name: 'measured',
          points: [
            [3, 6],
            [1, 2],
            [2, 4],
            [4, 8],
          ],
        },
      ],
    }),
  );
  const dots = points(svg).map(xy);
  assert.equal(dots.length, 4);
  // Sorted by x, evenly spaced along both axes because y = 2x.
  const dx = dots.slice(1).map((p, i) => p[0] - dots[i]![0]);
  const dy = dots.slice(1).map((p, i) => p[1] - dots[i]![1]);
  for (const d of dx) assert.ok(Math.abs(d - dx[0]!) < 0.11 && d > 0);
  for (const d of dy) assert.ok(Math.abs(d - dy[0]!) < 0.11 && d < 0, 'SVG y grows downwards');
  const line = findAll(svg, 'polyline')[0]!;
  assert.equal(line.attrs.points, dots.map((p) => p.join(',')).join(' '));
  const xLabels = findAll(svg, 'g')
    .find((g) => g.attrs.class === 'x-ticks')!
    .children.map((t) => t.text);
  assert.deepEqual(xLabels, ['1', '2', '3', '4']);
});

test('on log axes each doubling is the same distance', () => {
  const svg = readSvg(
    lineChart({
      title: 'batch',
      xLabel: 'batch size',
      yLabel: 'latency',
      xScale: 'log',
      yScale: 'log',
      xTicks: [1, 2, 4, 8],
      series: [
        {
          name: 'p50',
          points: [
            [1, 10],
            [2, 20],
            [4, 40],
            [8, 80],
          ],
        },
      ],
    }),
  );
  const dots = points(svg).map(xy);
  const dx = dots.slice(1).map((p, i) => p[0] - dots[i]![0]);
  const dy = dots.slice(1).map((p, i) => p[1] - dots[i]![1]);
  for (let i = 1; i < 3; i++) {
    assert.ok(Math.abs(dx[i]! - dx[0]!) < 0.11);
    assert.ok(Math.abs(dy[i]! - dy[0]!) < 0.11);
  }
});

test('a dashed reference series has no dots; every series is in the legend with its values in tooltips', () => {
  const source = lineChart({
    title: 'latency & load',
    xLabel: 'offered rate (req/s)',
    yLabel: 'ms',
    series: [
      {
        name: 'p50',
        points: [
          [5, 20],
          [10, 25],
        ],
      },
      {
        name: 'ideal <linear>',
        points: [
          [5, 20],
          [10, 20],
        ],
        dashed: true,
      },
    ],
  });
  const svg = readSvg(source);
  assert.equal(points(svg).length, 2);
  const lines = findAll(svg, 'polyline');
  assert.equal(lines.length, 2);
  assert.equal(lines[1]!.attrs['stroke-dasharray'], '5 3');
  const text = allText(svg);
  for (const expected of ['latency & load', 'offered rate (req/s)', 'p50', 'ideal <linear>', 'p50: 10 → 25']) {
    assert.ok(text.includes(expected), `missing "${expected}"`);
  }
});

test('points a log axis cannot show are left out instead of breaking the file', () => {
  const svg = readSvg(
    lineChart({
      title: 't',
      xLabel: 'x',
      yLabel: 'y',
      yScale: 'log',
      series: [
        {
          name: 's',
          points: [
            [1, 0],
            [2, 10],
            [3, Number.NaN],
            [4, 100],
          ],
        },
      ],
    }),
  );
  assert.deepEqual(
    points(svg).map((c) => c.attrs['data-x']),
    ['2', '4'],
  );
});
