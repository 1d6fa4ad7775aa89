import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sniffFormat } from './sniff-format.js';

const bytes = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'));

test('formats are named from their magic numbers', () => {
  assert.equal(sniffFormat(new Uint8Array([0xff, 0xd8, 0xff, 0xe0])), 'jpeg');
  assert.equal(sniffFormat(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])), 'png');
  assert.equal(sniffFormat(bytes('RIFF\0\0\0\0WEBPVP8 ')), 'webp');
  assert.equal(sniffFormat(bytes('GIF89a')), 'gif');
  assert.equal(sniffFormat(bytes('\0\0\0\x1cftypavif')), 'avif');
  // The generic image brand first, AVIF among the compatible brands; a HEIC with the same lead is HEIF.
  assert.equal(sniffFormat(bytes('\0\0\0\x1cftypmif1\0\0\0\0mif1avifmiaf')), 'avif');
  assert.equal(sniffFormat(bytes('\0\0\0\x1cftypmif1\0\0\0\0mif1heicmiaf')), 'heif');
  assert.equal(sniffFormat(bytes('\0\0\0\x1cftypheic\0\0\0\0mif1avifheic')), 'heif');
  assert.equal(sniffFormat(bytes('%PDF-1.7')), 'pdf');
});

test('SVG is recognised behind an XML prolog, comments and a doctype', () => {
  assert.equal(sniffFormat(bytes('<svg xmlns="http://www.w3.org/2000/svg"></svg>')), 'svg');
  assert.equal(sniffFormat(bytes('<?xml version="1.0"?>\n<!-- x -->\n<!DOCTYPE svg>\n<svg>')), 'svg');
});

test('text and empty input are not an image', () => {
  assert.equal(sniffFormat(bytes('hello, I am a text file named .png')), undefined);
  assert.equal(sniffFormat(new Uint8Array(0)), undefined);
});
