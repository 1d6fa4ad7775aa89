import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CPU_PIPELINE_PARAMS, GPU_PIPELINE_PARAMS } from './pipeline-params.js';

test('a page detected in one call keeps as many regions per pixel as the CPU strips do', () => {
  const perPixel = (p: typeof CPU_PIPELINE_PARAMS): number => p.db.maxCandidates / p.strips.maxStripDetPixels;
  assert.ok(perPixel(GPU_PIPELINE_PARAMS) >= perPixel(CPU_PIPELINE_PARAMS));
});
