/**
 * Names the format of encoded bytes from their magic numbers, before any decoder sees them, so
 * that formats we refuse (SVG, PDF) are refused by name rather than rendered, and non-images get
 * a clear message. Returns undefined for bytes we do not recognise.
 */
export type SniffedFormat = 'jpeg' | 'png' | 'webp' | 'gif' | 'tiff' | 'avif' | 'heif' | 'bmp' | 'svg' | 'pdf';

export const DECODABLE_FORMATS: readonly SniffedFormat[] = ['jpeg', 'png', 'webp', 'gif', 'tiff', 'avif'];

function startsWith(bytes: Uint8Array, signature: readonly number[], offset = 0): boolean {
  if (bytes.length < offset + signature.length) return false;
  return signature.every((b, i) => bytes[offset + i] === b);
}

function ascii(bytes: Uint8Array, start: number, end: number): string {
  return String.fromCharCode(...bytes.subarray(start, Math.min(end, bytes.length)));
}

export function sniffFormat(bytes: Uint8Array): SniffedFormat | undefined {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return 'webp';
  if (ascii(bytes, 0, 6) === 'GIF87a' || ascii(bytes, 0, 6) === 'GIF89a') return 'gif';
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) return 'tiff';
  if (ascii(bytes, 4, 8) === 'ftyp') {
    const brand = ascii(bytes, 8, 12);
    if (brand === 'avif' || brand === 'avis') return 'avif';
    // Some encoders name a generic image brand first and AVIF among the compatible ones.
    if (['mif1', 'msf1', 'miaf'].includes(brand) && compatibleBrands(bytes).some((b) => b === 'avif' || b === 'avis'))
      return 'avif';
    if (['heic', 'heix', 'hevc', 'heim', 'heis', 'mif1', 'msf1'].includes(brand)) return 'heif';
  }
  if (ascii(bytes, 0, 2) === 'BM') return 'bmp';
  if (ascii(bytes, 0, 5) === '%PDF-') return 'pdf';
  // SVG is text: look for an <svg element near the start, after an optional XML prolog/BOM.
  const head = ascii(bytes, 0, 1024).toLowerCase();
  if (
    /^(\ufeff|\xef\xbb\xbf)?\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!doctype svg[^>]*>\s*)?<svg[\s>]/.test(head)
  ) {
    return 'svg';
  }
  return undefined;
}

/** The compatible brands of an ISO-BMFF `ftyp` box (after its major brand and minor version). */
function compatibleBrands(bytes: Uint8Array): string[] {
  const size = Math.min(bytes.length, (bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!);
  const brands: string[] = [];
  for (let at = 16; at + 4 <= size; at += 4) brands.push(ascii(bytes, at, at + 4));
  return brands;
}
