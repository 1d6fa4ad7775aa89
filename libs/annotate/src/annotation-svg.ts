import type { OcrResult, Point } from '@ocr-pool/contracts';
import { escapeXml } from './escape-xml.js';

/**
 * Builds the SVG drawn over an image to show what the engine found: every box as its
 * quadrilateral, numbered in reading order and coloured by confidence, and a panel to the right
 * listing each box's number and text. Pure string building, so the layout is unit-tested; it does
 * not decode or encode images (see `annotate-image.ts`).
 */

export interface AnnotationLayout {
  /** Size of the whole annotated picture: the image plus the text panel to its right. */
  width: number;
  height: number;
  panelWidth: number;
  svg: string;
}

/** Confidence at and below which a box is drawn fully red; 1.0 is fully green. */
const RED_AT = 0.5;
/** Longest text shown in the panel per box; the rest is elided. */
const MAX_PANEL_CHARS = 60;
/** DejaVu Sans Mono advance width per em, so the panel fits its longest line. */
const MONO_ADVANCE = 0.6;

/** Red (low) through amber to green (high): hue 0..120 over confidence RED_AT..1. */
export function confidenceColour(confidence: number): string {
  const t = Math.min(1, Math.max(0, (confidence - RED_AT) / (1 - RED_AT)));
  return `hsl(${Math.round(120 * t)},85%,38%)`;
}

const fmt = (n: number): string => String(Math.round(n * 10) / 10);
const points = (quad: readonly Point[]): string => quad.map(([x, y]) => `${fmt(x)},${fmt(y)}`).join(' ');

export function buildAnnotationSvg(result: OcrResult): AnnotationLayout {
  const { width, height } = result;
  // Strokes and labels grow with the image so they stay visible on scans and on thumbnails.
  const stroke = Math.max(2, Math.round(Math.min(width, height) / 300));
  const labelSize = Math.max(12, stroke * 6);
  const panelSize = 14;
  const rowHeight = Math.round(panelSize * 1.5);
  const pad = 12;

  const rows = result.text_boxes.map((box, i) => {
    const text = box.text.length > MAX_PANEL_CHARS ? `${box.text.slice(0, MAX_PANEL_CHARS - 1)}…` : box.text;
    return `${i + 1}. ${text} (${box.confidence.toFixed(2)})`;
  });
  const longest = Math.max(24, ...rows.map((r) => r.length));
  const panelWidth = Math.ceil(longest * panelSize * MONO_ADVANCE) + 2 * pad;
  const panelHeight = pad * 2 + rowHeight * (rows.length + 1);
  const totalHeight = Math.max(height, panelHeight);

  const shapes = result.text_boxes.map((box, i) => {
    const colour = confidenceColour(box.confidence);
    const [x, y] = box.box[0];
    const label = String(i + 1);
    const labelWidth = Math.ceil(label.length * labelSize * MONO_ADVANCE) + 6;
    // The number sits just outside the box's first corner (top-left as the text reads), kept inside the image.
    const lx = Math.min(Math.max(0, x - labelWidth), width - labelWidth);
    const ly = Math.min(Math.max(0, y - labelSize - 2), height - labelSize - 2);
    return (
      `<polygon points="${points(box.box)}" fill="none" stroke="${colour}" stroke-width="${stroke}"/>` +
      `<rect x="${fmt(lx)}" y="${fmt(ly)}" width="${labelWidth}" height="${labelSize + 2}" fill="${colour}"/>` +
      `<text x="${fmt(lx + 3)}" y="${fmt(ly + labelSize - 1)}" font-family="DejaVu Sans Mono" font-size="${labelSize}" fill="#fff">${label}</text>`
    );
  });
  const panelRows = rows.map(
    (row, i) =>
      `<text x="${width + pad}" y="${pad + rowHeight * (i + 2)}" font-family="DejaVu Sans Mono" font-size="${panelSize}" fill="${confidenceColour(result.text_boxes[i]!.confidence)}">${escapeXml(row)}</text>`,
  );
  const heading = `${result.text_boxes.length} boxes, ${result.language}, turned ${result.angle}°`;
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width + panelWidth}" height="${totalHeight}">` +
    `<rect x="${width}" y="0" width="${panelWidth}" height="${totalHeight}" fill="#f7f7f5"/>` +
    `<line x1="${width}" y1="0" x2="${width}" y2="${totalHeight}" stroke="#999" stroke-width="1"/>` +
    `<text x="${width + pad}" y="${pad + rowHeight}" font-family="DejaVu Sans Mono" font-size="${panelSize}" fill="#333">${escapeXml(heading)}</text>` +
    shapes.join('') +
    panelRows.join('') +
    `</svg>`;
  return { width: width + panelWidth, height: totalHeight, panelWidth, svg };
}
