import type { SniffedFormat } from './sniff-format.js';

/**
 * Width and height read straight from an image's header for the common formats (PNG, JPEG, GIF,
 * WebP), so the gateway can refuse a decompression bomb without handing the bytes to a decoder.
 * Returns undefined when the header cannot be read this way (other formats, odd files): callers
 * then ask a real decoder for the header.
 */
export function imageDimensions(
  bytes: Uint8Array,
  format: SniffedFormat,
): { width: number; height: number } | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16be = (o: number): number => view.getUint16(o, false);
  const u16le = (o: number): number => view.getUint16(o, true);
  const u32be = (o: number): number => view.getUint32(o, false);
  try {
    switch (format) {
      case 'png':
        // Signature, then the IHDR chunk: length(4) "IHDR"(4) width(4) height(4).
        if (String.fromCharCode(...bytes.subarray(12, 16)) !== 'IHDR') return undefined;
        return { width: u32be(16), height: u32be(20) };
      case 'gif':
        return { width: u16le(6), height: u16le(8) };
      case 'webp':
        return webpDimensions(bytes, view);
      case 'jpeg':
        return jpegDimensions(bytes, u16be);
      default:
        return undefined;
    }
  } catch {
    return undefined; // truncated header
  }
}

function webpDimensions(bytes: Uint8Array, view: DataView): { width: number; height: number } | undefined {
  const chunk = String.fromCharCode(...bytes.subarray(12, 16));
  if (chunk === 'VP8X') {
    const u24 = (o: number): number => view.getUint8(o) | (view.getUint8(o + 1) << 8) | (view.getUint8(o + 2) << 16);
    return { width: u24(24) + 1, height: u24(27) + 1 };
  }
  if (chunk === 'VP8L') {
    const bits = view.getUint32(21, true);
    return { width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
  }
  if (chunk === 'VP8 ') return { width: view.getUint16(26, true) & 0x3fff, height: view.getUint16(28, true) & 0x3fff };
  return undefined;
}

/** Walks JPEG markers to the first start-of-frame, which holds the image size. */
function jpegDimensions(
  bytes: Uint8Array,
  u16be: (o: number) => number,
): { width: number; height: number } | undefined {
  let offset = 2;
  while (offset + 9 < bytes.length) {
    if (bytes[offset] !== 0xff) return undefined;
    const marker = bytes[offset + 1]!;
    if (marker === 0xff) {
      offset++;
      continue;
    }
    // SOF0-SOF15, except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: u16be(offset + 5), width: u16be(offset + 7) };
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7)) {
      offset += 2;
      continue;
    }
    offset += 2 + u16be(offset + 2);
  }
  return undefined;
}
