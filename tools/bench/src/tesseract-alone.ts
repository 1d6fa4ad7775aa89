import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { LANGUAGES } from '@ocr-pool/contracts';

/**
 * The baseline a team would otherwise run: the tesseract CLI alone on each image
 * (`tesseract IMAGE stdout -l LANG --psm 6`), one single-threaded process per core, as the peers'
 * figures in ../shared/eval/README.md were measured.
 */
export function tesseractName(language: string): string | undefined {
  const key = language.toLowerCase();
  return LANGUAGES.find((l) => l.code === key || l.aliases.includes(key))?.tesseract;
}

function runOne(file: string, lang: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('tesseract', [file, 'stdout', '-l', lang, '--psm', '6'], {
      env: { ...process.env, OMP_THREAD_LIMIT: '1' },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const out: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(Buffer.concat(out).toString('utf8')) : reject(new Error(`tesseract exit ${code}`)),
    );
  });
}

export async function tesseractAlone(
  dir: string,
  files: readonly string[],
  lang: string,
  processes: number,
): Promise<{ lines: string[][]; seconds: number }> {
  const lines = new Array<string[]>(files.length);
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: processes }, async () => {
      while (next < files.length) {
        const i = next++;
        lines[i] = (await runOne(join(dir, files[i]!), lang)).split('\n');
      }
    }),
  );
  return { lines, seconds: (performance.now() - t0) / 1000 };
}
