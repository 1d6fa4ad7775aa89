import { escapeXml } from '@ocr-pool/annotate';

/**
 * What every chart shares: the canvas, title, plot area, grid, axes with ticks and labels, and a
 * legend on the right. Bar and line charts only draw their marks inside the plot area. Text width
 * is estimated (no font metrics without a browser), generously, so labels do not collide.
 */
export interface LegendEntry {
  name: string;
  color: string;
  /** Drawn as a line swatch (line charts) rather than a block (bar charts). */
  line?: boolean;
  dashed?: boolean;
}

export interface FrameSpec {
  title: string;
  xLabel: string;
  yLabel: string;
  width: number;
  height: number;
  legend: readonly LegendEntry[];
}

export interface PlotArea {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export interface Tick {
  at: number;
  label: string;
}

/** Okabe and Ito's palette: told apart by colour-blind readers too. */
export const SERIES_COLORS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];

// About 0.6 em per character of a 12 px sans-serif face, rounded up.
const CHAR_WIDTH = 7.2;
const FONT = 'font-family="system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif" font-size="12"';

/** Coordinates to one decimal: the files stay small and diff quietly between runs. */
export const px = (v: number): string => String(Math.round(v * 10) / 10);

export function textWidth(text: string): number {
  return text.length * CHAR_WIDTH;
}

/** The plot area inside the margins: room on the left for the y tick labels, on the right for the legend. */
export function plotArea(spec: FrameSpec, longestYLabel: number): PlotArea {
  const legendWidth = spec.legend.length ? 56 + Math.max(...spec.legend.map((e) => textWidth(e.name))) : 16;
  return {
    left: 40 + Math.max(24, longestYLabel * CHAR_WIDTH),
    top: 48,
    right: spec.width - legendWidth,
    bottom: spec.height - 44,
  };
}

export function renderFrame(
  spec: FrameSpec,
  area: PlotArea,
  xTicks: readonly Tick[],
  yTicks: readonly Tick[],
  body: string,
): string {
  const { width, height } = spec;
  const midX = (area.left + area.right) / 2;
  const midY = (area.top + area.bottom) / 2;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="chart-title" ${FONT}>`,
    `<title id="chart-title">${escapeXml(spec.title)}</title>`,
    `<rect class="background" width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text class="chart-title" x="${px(width / 2)}" y="26" text-anchor="middle" font-size="16" font-weight="bold">${escapeXml(spec.title)}</text>`,
    '<g class="grid" stroke="#e6e6e6">',
    ...yTicks.map((t) => `<line x1="${px(area.left)}" x2="${px(area.right)}" y1="${px(t.at)}" y2="${px(t.at)}"/>`),
    '</g>',
    body,
    '<g class="axes" stroke="#333333">',
    `<line x1="${px(area.left)}" x2="${px(area.left)}" y1="${px(area.top)}" y2="${px(area.bottom)}"/>`,
    `<line x1="${px(area.left)}" x2="${px(area.right)}" y1="${px(area.bottom)}" y2="${px(area.bottom)}"/>`,
    ...xTicks.map(
      (t) => `<line x1="${px(t.at)}" x2="${px(t.at)}" y1="${px(area.bottom)}" y2="${px(area.bottom + 5)}"/>`,
    ),
    ...yTicks.map((t) => `<line x1="${px(area.left - 5)}" x2="${px(area.left)}" y1="${px(t.at)}" y2="${px(t.at)}"/>`),
    '</g>',
    '<g class="x-ticks" text-anchor="middle" fill="#333333">',
    ...xTicks.map((t) => `<text x="${px(t.at)}" y="${px(area.bottom + 18)}">${escapeXml(t.label)}</text>`),
    '</g>',
    '<g class="y-ticks" text-anchor="end" fill="#333333">',
    ...yTicks.map((t) => `<text x="${px(area.left - 8)}" y="${px(t.at + 4)}">${escapeXml(t.label)}</text>`),
    '</g>',
    `<text class="x-label" x="${px(midX)}" y="${px(height - 10)}" text-anchor="middle">${escapeXml(spec.xLabel)}</text>`,
    `<text class="y-label" x="16" y="${px(midY)}" text-anchor="middle" transform="rotate(-90 16 ${px(midY)})">${escapeXml(spec.yLabel)}</text>`,
    renderLegend(spec.legend, area.right + 16, area.top),
    '</svg>',
  ];
  return `${out.join('\n')}\n`;
}

function renderLegend(entries: readonly LegendEntry[], x: number, y: number): string {
  const rows = entries.map((e, i) => {
    const top = y + i * 20;
    const swatch = e.line
      ? `<line x1="${px(x)}" x2="${px(x + 18)}" y1="${px(top + 6)}" y2="${px(top + 6)}" stroke="${e.color}" stroke-width="2.5"${e.dashed ? ' stroke-dasharray="5 3"' : ''}/>`
      : `<rect x="${px(x)}" y="${px(top)}" width="12" height="12" fill="${e.color}"/>`;
    return `${swatch}<text x="${px(x + 24)}" y="${px(top + 10)}">${escapeXml(e.name)}</text>`;
  });
  return `<g class="legend">\n${rows.join('\n')}\n</g>`;
}
