import { axisScale, type ScaleKind } from './axis-scale.js';
import { escapeXml } from '@ocr-pool/annotate';
import { SERIES_COLORS, plotArea, px, renderFrame } from './chart-frame.js';

/**
 * A line chart of numeric x against numeric y: one polyline per series, a dot at each measured
 * point with its values in a tooltip. Either axis may be logarithmic (batch sizes that double,
 * latencies that explode past saturation). A dashed series is a reference, not a measurement.
 */
export interface LineSeries {
  name: string;
  points: ReadonlyArray<readonly [number, number]>;
  /** A reference line (e.g. linear scaling), drawn dashed and without dots. */
  dashed?: boolean;
}

export interface LineChartSpec {
  title: string;
  xLabel: string;
  yLabel: string;
  series: readonly LineSeries[];
  xScale?: ScaleKind;
  yScale?: ScaleKind;
  /** Fixed x ticks, typically the x values measured. */
  xTicks?: readonly number[];
  /** Whether the y axis starts at zero (linear only; default true). */
  yFromZero?: boolean;
  width?: number;
  height?: number;
  format?: (value: number) => string;
}

export function lineChart(spec: LineChartSpec): string {
  const format = spec.format ?? ((v: number) => String(Number(v.toPrecision(4))));
  const legend = spec.series.map((s, i) => ({
    name: s.name,
    color: SERIES_COLORS[i % SERIES_COLORS.length]!,
    line: true,
    dashed: s.dashed === true,
  }));
  const frame = { ...spec, width: spec.width ?? 720, height: spec.height ?? 420, legend };
  const xs = spec.series.flatMap((s) => s.points.map((p) => p[0]));
  const ys = spec.series.flatMap((s) => s.points.map((p) => p[1]));
  const yOptions = { kind: spec.yScale ?? 'linear', includeZero: spec.yFromZero ?? true } as const;
  const probe = axisScale(ys, [0, 1], yOptions);
  const area = plotArea(frame, Math.max(...probe.ticks.map((t) => probe.label(t).length)));
  // A little air inside the plot so the first and last dots do not sit on the axes.
  const inset = 12;
  const x = axisScale(xs, [area.left + inset, area.right - inset], {
    kind: spec.xScale ?? 'linear',
    ticks: spec.xTicks,
  });
  const y = axisScale(ys, [area.bottom, area.top], yOptions);
  const plottable = ([px0, py0]: readonly [number, number]): boolean =>
    Number.isFinite(px0) &&
    Number.isFinite(py0) &&
    (x.kind === 'linear' || px0 > 0) &&
    (y.kind === 'linear' || py0 > 0);

  const marks = spec.series.map((s, i) => {
    const color = legend[i]!.color;
    const points = s.points.filter(plottable).sort((a, b) => a[0] - b[0]);
    const path = points.map(([vx, vy]) => `${px(x.map(vx))},${px(y.map(vy))}`).join(' ');
    const line = `<polyline class="series-line" data-series="${escapeXml(s.name)}" points="${path}" fill="none" stroke="${color}" stroke-width="2.5"${s.dashed ? ' stroke-dasharray="5 3"' : ''}/>`;
    const dots = s.dashed
      ? []
      : points.map(
          ([vx, vy]) =>
            `<circle class="point" data-series="${escapeXml(s.name)}" data-x="${vx}" data-y="${vy}" cx="${px(x.map(vx))}" cy="${px(y.map(vy))}" r="4" fill="${color}">` +
            `<title>${escapeXml(`${s.name}: ${format(vx)} → ${format(vy)}`)}</title></circle>`,
        );
    return [line, ...dots].join('\n');
  });
  const xTicks = x.ticks.map((t) => ({ at: x.map(t), label: x.label(t) }));
  const yTicks = y.ticks.map((t) => ({ at: y.map(t), label: y.label(t) }));
  return renderFrame(frame, area, xTicks, yTicks, `<g class="lines">\n${marks.join('\n')}\n</g>`);
}
