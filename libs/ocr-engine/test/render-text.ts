import sharp from 'sharp';

/**
 * Renders lines of text to an image with sharp's SVG support, so engine tests read images whose
 * truth they know without checking binaries in. Each line is `{ text, x, y }` in pixels (`y` is
 * the baseline); `align: 'end'` anchors `x` at the right edge (right-aligned amounts).
 */
export interface TextLine {
  text: string;
  x: number;
  y: number;
  size?: number;
  align?: 'start' | 'end';
}

export interface RenderOptions {
  width: number;
  height: number;
  font?: string;
  /** Clockwise rotation of the finished page in degrees (paper stays white). */
  rotate?: number;
  format?: 'png' | 'jpeg';
}

const escape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export async function renderText(lines: readonly TextLine[], options: RenderOptions): Promise<Uint8Array> {
  const font = options.font ?? 'DejaVu Sans';
  const body = lines
    .map(
      (l) =>
        `<text x="${l.x}" y="${l.y}" font-family="${font}" font-size="${l.size ?? 24}" text-anchor="${l.align ?? 'start'}" fill="#111">${escape(l.text)}</text>`,
    )
    .join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${options.width}" height="${options.height}"><rect width="100%" height="100%" fill="#fff"/>${body}</svg>`;
  let page = sharp(Buffer.from(svg));
  if (options.rotate) page = sharp(await page.png().toBuffer()).rotate(options.rotate, { background: '#ffffff' });
  const out = options.format === 'jpeg' ? await page.jpeg({ quality: 92 }).toBuffer() : await page.png().toBuffer();
  return new Uint8Array(out);
}

/** A small invoice: labels on the left, amounts right-aligned on the same rows. */
export const INVOICE_LINES: readonly TextLine[] = [
  { text: 'INVOICE #20931', x: 40, y: 60, size: 30 },
  { text: 'Harbor Street Supplies', x: 40, y: 110 },
  { text: '3 box Printer Paper', x: 40, y: 170 },
  { text: '42.50', x: 760, y: 170, align: 'end' },
  { text: '12 pcs Cable Ties', x: 40, y: 215 },
  { text: '7.20', x: 760, y: 215, align: 'end' },
  { text: 'Total due', x: 40, y: 275 },
  { text: '49.70', x: 760, y: 275, align: 'end' },
];

export const INVOICE_TEXT = [
  'INVOICE #20931',
  'Harbor Street Supplies',
  '3 box Printer Paper 42.50',
  '12 pcs Cable Ties 7.20',
  'Total due 49.70',
];

export const INVOICE_SIZE = { width: 800, height: 320 };
