import { readFileSync } from 'node:fs';
import type { WeightBits } from './graph/quantise-recogniser.js';

/**
 * Whether this CPU runs onnxruntime's int8 kernels at their best. With VNNI (`vpdpbusd`, on Intel
 * since Cascade Lake and AMD since Zen 4) an int8 convolution is about 4x the float one and sums in
 * 32 bits. Without it, the AVX2 kernels add pairs of products in 16 bits, which saturate with full
 * int8 weights (so int8 there uses 7-bit weights), and gain less: on an AMD Zen 3 machine the
 * int8 recogniser ran about 1.3x as fast as float, against 1.6x with VNNI (BENCHMARKS.md, "int8").
 * Read from /proc/cpuinfo on Linux; elsewhere int8 is not chosen on its own.
 */
export interface Int8Support {
  fast: boolean;
  /** The flag that decided it, or why there is none. */
  detail: string;
}

const DOT_PRODUCT_FLAGS = ['avx512_vnni', 'avx_vnni', 'amx_int8'] as const;

export function int8SupportFrom(cpuinfo: string | undefined): Int8Support {
  if (cpuinfo === undefined) return { fast: false, detail: 'no /proc/cpuinfo to read CPU features from' };
  const flagLine = cpuinfo.split('\n').find((line) => /^flags\s*:/.test(line));
  if (!flagLine) return { fast: false, detail: 'no x86 feature flags in /proc/cpuinfo' };
  const flags = new Set(
    flagLine
      .slice(flagLine.indexOf(':') + 1)
      .trim()
      .split(/\s+/),
  );
  const found = DOT_PRODUCT_FLAGS.find((flag) => flags.has(flag));
  return found ? { fast: true, detail: `the CPU has ${found}` } : { fast: false, detail: 'the CPU has no VNNI' };
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
