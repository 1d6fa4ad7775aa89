import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import sharp, { type OutputInfo } from 'sharp';
import { bundledPack } from '@ocr-pool/ocr-engine';
import { escapeXml } from '@ocr-pool/annotate';
import { type Random, seededRandom } from '@ocr-pool/dev';

/**
 * Pages the project draws itself, with their truth, for measuring the int8 recogniser: activation
 * ranges are calibrated on them and int8 is compared with float on them, never on
 * `../shared/eval` (which only checks the result). Receipts, forms and prose in many fonts and
 * sizes; a quarter Chinese; some turned, skewed or degraded (noise, blur, low resolution, JPEG).
 * `hardDegradedPage` is the degraded kind at its worst: small print, heavy noise, JPEG 30. Every
 * page comes from its seed alone, so a run can be repeated.
 */
export interface SyntheticPage {
  bytes: Buffer;
  /** `en` or `ch`: the language to read it as. */
  language: 'en' | 'ch';
  /** Lines in reading order. */
  truth: string[];
  /** `en`, `en-degraded`, `zh`, `zh-degraded`, `en-hard`: results are reported by kind. */
  kind: string;
}

const LATIN_FONTS = [
  'DejaVu Sans',
  'DejaVu Serif',
  'DejaVu Sans Mono',
  'Liberation Sans',
  'Liberation Serif',
  'Liberation Mono',
  'FreeSans',
  'FreeSerif',
  'FreeMono',
  'Nimbus Roman',
  'Nimbus Sans',
  'Nimbus Sans Narrow',
  'URW Bookman',
  'URW Gothic',
  'C059',
  'P052',
];
const CJK_FONTS = ['Noto Sans CJK SC', 'Noto Serif CJK SC'];
/** The Debian packages these fonts come from. */
const FONT_PACKAGES = 'fonts-dejavu-core fonts-liberation2 fonts-freefont-ttf fonts-urw-base35 fonts-noto-cjk';

/** Fonts fontconfig does not know (it would draw them in a substitute), by name. */
function missingFonts(): string[] {
  let installed: string;
  try {
    installed = execFileSync('fc-list', [':', 'family'], { encoding: 'utf8' });
  } catch {
    return [...LATIN_FONTS, ...CJK_FONTS];
  }
  const families = new Set(installed.split('\n').flatMap((line) => line.split(',').map((f) => f.trim())));
  return [...LATIN_FONTS, ...CJK_FONTS].filter((font) => !families.has(font));
}

/** Says on stderr which of the pages' fonts would be drawn in a substitute, and how to install them. */
export function warnIfFontsMissing(): void {
  const missing = missingFonts();
  if (missing.length > 0) {
    console.error(
      `warning: fonts not installed (drawn in a substitute): ${missing.join(', ')}; apt-get install ${FONT_PACKAGES}`,
    );
  }
}

const WORDS = `order total amount paid invoice receipt customer account balance due date number reference item
quantity price unit tax subtotal discount shipping address street road avenue city state postal code phone email
contact service support delivery payment method card cash change thank you for your visit please keep this copy store
branch manager cashier terminal approved transaction time section chapter report summary meeting notes project budget
review schedule policy terms conditions warranty return within days product description weight height width color
model serial version update release office building floor room north south east west main second third first last next
previous page of the and with from into over under after before during between against among without through about
above below near across behind beyond inside outside since until while where when which whose what who how why yes no
all any each every some many much more most less least other another such only own same so than too very can will just
should now`.split(/\s+/);
const FIRST = ['Anna', 'Boris', 'Chen', 'Diego', 'Elena', 'Farah', 'Georg', 'Hana', 'Ivan', 'Julia', 'Kofi', 'Lena'];
const LAST = ['Smith', 'Garcia', 'Müller', 'Rossi', 'Nowak', 'Kim', 'Tanaka', 'Silva', 'Dubois', 'Okafor', 'Patel'];
const MARKS = ['#', '%', '&', '(', ')', '/', ':', ';', '"', "'", '*', '+', '=', '@', '!', '?', '-', '~'];

const pick = <T>(r: Random, items: readonly T[]): T => items[Math.floor(r() * items.length)]!;
const between = (r: Random, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
const pad = (n: number, width: number): string => String(n).padStart(width, '0');

function token(r: Random): string {
  const k = r();
  if (k < 0.55) {
    const w = pick(r, WORDS);
    const c = r();
    return c < 0.2 ? w[0]!.toUpperCase() + w.slice(1) : c < 0.27 ? w.toUpperCase() : w;
  }
  if (k < 0.63) return `${between(r, 0, 9999)}.${pad(between(r, 0, 99), 2)}`;
  if (k < 0.68) return `$${between(r, 1, 99)},${pad(between(r, 0, 999), 3)}.${pad(between(r, 0, 99), 2)}`;
  if (k < 0.73) return `${between(r, 2000, 2030)}-${pad(between(r, 1, 12), 2)}-${pad(between(r, 1, 28), 2)}`;
  if (k < 0.77) return `${pick(r, ['INV', 'REF', 'PO', 'SKU', 'ID'])}-${between(r, 100, 99999)}`;
  if (k < 0.8)
    return `${pick(r, FIRST).toLowerCase()}.${pick(r, LAST).toLowerCase().replace('ü', 'u')}@${pick(r, ['example', 'mail', 'shop'])}.${pick(r, ['com', 'org', 'net'])}`;
  if (k < 0.84) return `${pick(r, FIRST)} ${pick(r, LAST)}`;
  if (k < 0.87)
    return `+${between(r, 1, 99)} (${between(r, 100, 999)}) ${between(r, 100, 999)}-${between(r, 1000, 9999)}`;
  if (k < 0.91) return String(between(r, 0, 99999));
  if (k < 0.95) return pick(r, MARKS) + pick(r, WORDS);
  return `${between(r, 1, 99)}${pick(r, ['kg', 'pcs', 'mm', 'cm', 'ml', 'h', '%'])}`;
}

let hanCache: string[] | undefined;
/** Han characters of the bundled dictionary, favouring its start, where common ones sit. */
function han(r: Random): string {
  hanCache ??= readFileSync(bundledPack().dict, 'utf8')
    .split(/\r?\n/)
    .filter((c) => /\p{Script=Han}/u.test(c));
  return hanCache[Math.floor(r() ** 2 * hanCache.length)]!;
}

function textLine(r: Random, script: 'en' | 'zh', maxChars: number): string {
  let s = '';
  if (script === 'zh') {
    while (s.length < maxChars) {
      const k = r();
      s +=
        k < 0.8
          ? han(r)
          : k < 0.88
            ? String(between(r, 0, 999))
            : k < 0.94
              ? pick(r, ['，', '。', '：', '、', '（', '）', '-'])
              : pick(r, WORDS);
    }
    return s.slice(0, maxChars);
  }
  while (s.length < maxChars) s += (s ? ' ' : '') + token(r);
  return s.length > maxChars * 1.2 ? s.slice(0, maxChars).trimEnd() : s;
}

interface Raw {
  data: Buffer;
  info: OutputInfo;
}

/** Gaussian-ish noise (sum of four uniforms) with standard deviation `sigma`, in place. */
function addNoise(r: Random, data: Buffer, sigma: number): void {
  for (let i = 0; i < data.length; i++) {
    const n = (r() + r() + r() + r() - 2) * sigma * 1.73;
    data[i] = Math.max(0, Math.min(255, Math.round(data[i]! + n)));
  }
}

async function rasterise(svg: string, paper: string): Promise<Raw> {
  return sharp(Buffer.from(svg)).flatten({ background: paper }).raw().toBuffer({ resolveWithObject: true });
}

/** A page of one of the general kinds. */
export async function syntheticPage(seed: number): Promise<SyntheticPage> {
  const r = seededRandom(seed);
  const script = r() < 0.25 ? 'zh' : 'en';
  const shape = r();
  const width = shape < 0.15 ? between(r, 500, 1200) : shape < 0.25 ? between(r, 1700, 2550) : between(r, 700, 1400);
  const size = shape < 0.25 && width > 1600 ? between(r, 26, 42) : between(r, 13, 40);
  const rows = r() < 0.15 ? 1 : between(r, 4, Math.min(28, Math.floor(2400 / (size * 1.6))));
  const height = rows === 1 ? Math.round(size * 2.4) : Math.round((rows * size * between(r, 14, 22)) / 10 + size * 3);
  const font = script === 'zh' ? pick(r, CJK_FONTS) : pick(r, LATIN_FONTS);
  const ink = pick(r, ['#111', '#000', '#222', '#333', '#1a237e', '#4a2c0a', '#555']);
  const paper = pick(r, ['#fff', '#fff', '#fafafa', '#f5f1e6', '#eeeeee', '#fffdf0']);
  const truth: string[] = [];
  let body = '';
  const pitch = (height - size * 2) / rows;
  for (let i = 0; i < rows; i++) {
    const sz = r() < 0.15 ? Math.round(size * (1.2 + r() * 0.6)) : size;
    const perChar = sz * (script === 'zh' ? 1.05 : 0.68);
    const maxChars = Math.max(3, Math.floor(((width - 2 * size) / perChar) * (0.3 + 0.7 * r())));
    const y = Math.round(size * 1.5 + i * pitch + sz * 0.8);
    const weight = r() < 0.15 ? ' font-weight="bold"' : '';
    const text = (x: number, s: string, anchor = 'start'): string =>
      `<text x="${x}" y="${y}" text-anchor="${anchor}" font-family="${font}" font-size="${sz}"${weight} fill="${ink}">${escapeXml(s)}</text>`;
    if (script === 'en' && width > sz * 24 && r() < 0.2) {
      const left = textLine(r, script, 12).slice(0, 14).trimEnd(),
        right = token(r);
      body += text(size, left) + text(width - size, right, 'end');
      truth.push(`${left} ${right}`);
    } else {
      const line = textLine(r, script, maxChars);
      body += text(size, line);
      truth.push(line);
    }
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="${paper}"/>${body}</svg>`;
  const flat = await rasterise(svg, paper);
  const turn = r();
  let page = sharp(flat.data, { raw: flat.info });
  if (turn < 0.12) page = page.rotate(180);
  else if (turn < 0.27) page = page.rotate((r() < 0.5 ? -1 : 1) * (2 + r() * 6), { background: paper });
  const turned = await page.raw().toBuffer({ resolveWithObject: true });
  const degraded = r() < 0.35;
  if (degraded) addNoise(r, turned.data, 6 + r() * 28);
  page = sharp(turned.data, { raw: turned.info });
  if (degraded && r() < 0.6) page = page.blur(0.5 + r() * 1.2);
  if (degraded && r() < 0.4) {
    const f = 0.5 + r() * 0.3;
    page = sharp(
      await page
        .resize(Math.round(turned.info.width * f), Math.round(turned.info.height * f))
        .png()
        .toBuffer(),
    );
  }
  const bytes =
    degraded && r() < 0.7
      ? await page.jpeg({ quality: between(r, 20, 55) }).toBuffer()
      : r() < 0.3
        ? await page.jpeg({ quality: between(r, 70, 95) }).toBuffer()
        : await page.png().toBuffer();
  return {
    bytes,
    language: script === 'zh' ? 'ch' : 'en',
    truth,
    kind: `${script}${degraded ? '-degraded' : ''}`,
  };
}

/** Small print (11-16 px once shrunk), blurred, heavy noise, JPEG quality 30. */
export async function hardDegradedPage(seed: number): Promise<SyntheticPage> {
  const r = seededRandom(seed * 7919 + 17);
  const font = pick(r, [
    'Liberation Mono',
    'Liberation Serif',
    'DejaVu Sans',
    'Liberation Sans',
    'DejaVu Serif',
    'FreeSerif',
    'Nimbus Sans',
  ]);
  const size = between(r, 22, 30),
    rows = between(r, 4, 12),
    spacing = 1.3 + r() * 0.35;
  const width = between(r, 700, 1200),
    height = Math.round(rows * size * spacing + size * 2.5);
  const truth: string[] = [];
  let body = '';
  for (let i = 0; i < rows; i++) {
    const sz = r() < 0.1 ? Math.round(size * 0.6) : r() < 0.15 ? Math.round(size * 1.3) : size;
    const line = textLine(r, 'en', Math.floor(((width - 2 * size) / (sz * 0.68)) * (0.35 + 0.65 * r())));
    truth.push(line);
    const weight = r() < 0.1 ? ' font-weight="bold"' : '';
    body += `<text x="${size}" y="${Math.round(size * 1.6 + i * size * spacing)}" font-family="${font}" font-size="${sz}"${weight} fill="#111">${escapeXml(line)}</text>`;
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#fff"/>${body}</svg>`;
  const scale = 0.44 + r() * 0.12,
    blur = 0.55 + r() * 0.45,
    sigma = 14 + r() * 16;
  const small = await sharp(Buffer.from(svg))
    .flatten({ background: '#fff' })
    .resize(Math.round(width * scale))
    .blur(blur)
    .raw()
    .toBuffer({ resolveWithObject: true });
  addNoise(r, small.data, sigma);
  const bytes = await sharp(small.data, { raw: small.info }).jpeg({ quality: 30 }).toBuffer();
  return { bytes, language: 'en', truth, kind: 'en-hard' };
}

/** Where a run's seeds start: the calibration draws from one set, `int8` judges on the other. */
export interface PageSeeds {
  pages: number;
  hardPages: number;
}

export const CALIBRATION_SEEDS: Readonly<PageSeeds> = Object.freeze({ pages: 0, hardPages: 500_000 });
/** Never drawn by the calibration, so int8 is judged on pages it was not tuned on. */
export const HELD_OUT_SEEDS: Readonly<PageSeeds> = Object.freeze({ pages: 100_000, hardPages: 600_000 });

/** `pages` general pages and `hardPages` hard degraded ones from `seeds`, each drawn when called. */
export function pageMakers(pages: number, hardPages: number, seeds: PageSeeds): Array<() => Promise<SyntheticPage>> {
  if (pages + hardPages < 1) throw new Error('no pages to draw: give --pages or --hard-pages a number above 0');
  return [
    ...Array.from({ length: pages }, (_, i) => () => syntheticPage(seeds.pages + i)),
    ...Array.from({ length: hardPages }, (_, i) => () => hardDegradedPage(seeds.hardPages + i)),
  ];
}
