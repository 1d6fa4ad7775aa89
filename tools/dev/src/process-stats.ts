import { readFileSync } from 'node:fs';

/** Peak and current resident set of another process, in MiB (Linux /proc). */
export function processRssMiB(pid: number | undefined): { peak: number; current: number } | undefined {
  if (pid === undefined) return undefined;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string): number => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
    return { peak: kb('VmHWM') / 1024, current: kb('VmRSS') / 1024 };
  } catch {
    return undefined;
  }
}
