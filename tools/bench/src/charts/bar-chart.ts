import { axisScale } from './axis-scale.js';
import { escapeXml } from '@ocr-pool/annotate';
import { SERIES_COLORS, plotArea, px, renderFrame } from './chart-frame.js';

/**
 * A grouped bar chart: one group per category along x, one bar per series in each group, heights
 * from zero on a linear y axis. A missing value leaves a gap (a peer that never measured that
 * category); a zero is drawn as a hairline so it reads as "measured: zero", not as missing. Each
 * bar carries its value in a tooltip and a data attribute, so the figures stay readable.
 */
export interface BarSeries {
  name: string;
  /** One per category, in the same order; `undefined` when not measured. */
  values: ReadonlyArray<number | undefined>;
}

export interface BarChartSpec {
  title: string;
  xLabel: string;
  yLabel: string;
  categories: readonly string[];
  series: readonly BarSeries[];
  width?: number;
  height?: number;
  /** How a value reads in its tooltip (default: up to 4 significant decimals). */
  format?: (value: number) => string;
}

export function barChart(spec: BarChartSpec): string {
  for (const s of spec.series) {
    if (s.values.length !== spec.categories.length) {
      throw new RangeError(`series "${s.name}" has ${s.values.length} values for ${spec.categories.length} categories`);
    }
  }
  const format = spec.format ?? ((v: number) => String(Number(v.toPrecision(4))));
  const legend = spec.series.map((s, i) => ({ name: s.name, color: SERIES_COLORS[i % SERIES_COLORS.length]! }));
  const frame = { ...spec, width: spec.width ?? 880, height: spec.height ?? 420, legend };
  const values = spec.series.flatMap((s) => s.values.filter((v): v is number => v !== undefined && Number.isFinite(v)));
  const probe = axisScale(values, [0, 1], { includeZero: true });
  const area = plotArea(frame, Math.max(...probe.ticks.map((t) => probe.label(t).length)));
  const y = axisScale(values, [area.bottom, area.top], { includeZero: true });

  const groupWidth = (area.right - area.left) / Math.max(1, spec.categories.length);
  // A fifth of each group is left as the gap between groups.
  const barWidth = (groupWidth * 0.8) / Math.max(1, spec.series.length);
  const zero = y.map(0);
  const bars: string[] = [];
  spec.categories.forEach((category, c) => {
    const groupLeft = area.left + c * groupWidth + groupWidth * 0.1;
    spec.series.forEach((s, i) => {
      const value = s.values[c];
      if (value === undefined || !Number.isFinite(value)) return;
      const top = Math.min(y.map(value), zero);
      const height = Math.max(Math.abs(y.map(value) - zero), 1);
      bars.push(
        `<rect class="bar" data-series="${escapeXml(s.name)}" data-category="${escapeXml(category)}" data-value="${value}" ` +
          `x="${px(groupLeft + i * barWidth)}" y="${px(value === 0 ? zero - 1 : top)}" width="${px(barWidth * 0.92)}" height="${px(height)}" fill="${legend[i]!.color}">` +
          `<title>${escapeXml(`${s.name}, ${category}: ${format(value)}`)}</title></rect>`,
      );
    });
  });
  const xTicks = spec.categories.map((label, c) => ({ at: area.left + (c + 0.5) * groupWidth, label }));
  const yTicks = y.ticks.map((t) => ({ at: y.map(t), label: y.label(t) }));
  return renderFrame(frame, area, xTicks, yTicks, `<g class="bars">\n${bars.join('\n')}\n</g>`);
}
