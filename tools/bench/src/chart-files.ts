import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

/**
 * Where the benchmarks put their charts: a folder next to BENCHMARKS.md (docs/bench by default),
 * committed with the figures they draw, so the Markdown can embed them. Raw figures still go to
 * bench-output/, which is not committed.
 */
export async function writeChart(dir: string, name: string, svg: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${name}.svg`);
  await writeFile(path, svg);
  return relative(process.cwd(), path) || path;
}
