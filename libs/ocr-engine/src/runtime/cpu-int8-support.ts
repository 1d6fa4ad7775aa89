import { readFileSync } from 'node:fs';
import type { WeightBits } from './graph/quantise-recogniser.js';

/**
 * What this CPU offers onnxruntime's int8 kernels. With VNNI (`vpdpbusd`, on Intel since Cascade
 * Lake and AMD since Zen 4) an int8 convolution is about 4x the float one and sums in 32 bits.
 * Without it, the AVX2 kernels add pairs of products in 16 bits, which saturate with full int8
 * weights (so int8 there uses 7-bit weights), and gain less: on AMD Zen 3 machines the int8
 * recogniser ran 1.3-1.4x as fast as float, against 1.6x with VNNI (BENCHMARKS.md, "int8").
 * Read from /proc/cpuinfo on Linux; elsewhere (macOS, arm64) int8 is not chosen on its own.
 */
export interface Int8Support {
  /** VNNI: int8 at its best, with 8-bit weights. */
  fast: boolean;
  /** AVX2 without VNNI: int8 with 7-bit weights. */
  avx2: boolean;
  /** The flag that decided it, or why there is none. */
  detail: string;
}

const DOT_PRODUCT_FLAGS = ['avx512_vnni', 'avx_vnni', 'amx_int8'] as const;

export function int8SupportFrom(cpuinfo: string | undefined): Int8Support {
  if (cpuinfo === undefined) return { fast: false, avx2: false, detail: 'no /proc/cpuinfo to read CPU features from' };
  const flagLine = cpuinfo.split('\n').find((line) => /^flags\s*:/.test(line));
  if (!flagLine) return { fast: false, avx2: false, detail: 'no x86 feature flags in /proc/cpuinfo' };
  const flags = new Set(
    flagLine
      .slice(flagLine.indexOf(':') + 1)
      .trim()
      .split(/\s+/),
  );
  const found = DOT_PRODUCT_FLAGS.find((flag) => flags.has(flag));
  if (found) return { fast: true, avx2: flags.has('avx2'), detail: `the CPU has ${found}` };
  return flags.has('avx2')
    ? { fast: false, avx2: true, detail: 'the CPU has AVX2 but no VNNI' }
    : { fast: false, avx2: false, detail: 'the CPU has neither VNNI nor AVX2' };
}

/** Full int8 weights with VNNI; 7-bit ones where AVX2's 16-bit pair sums would saturate. */
export function int8WeightBits(support: Int8Support): WeightBits {
  return support.fast ? 8 : 7;
}

let cached: Int8Support | undefined;

export function cpuInt8Support(): Int8Support {
  if (!cached) {
    let text: string | undefined;
    try {
      text = readFileSync('/proc/cpuinfo', 'utf8');
    } catch {
      text = undefined;
    }
    cached = int8SupportFrom(text);
  }
  return cached;
}
