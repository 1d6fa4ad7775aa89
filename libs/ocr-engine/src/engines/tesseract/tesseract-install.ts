import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/**
 * Finds the operating system's tesseract (Debian `tesseract-ocr` and `tesseract-ocr-<lang>`) and
 * the languages its tessdata holds. Nothing is downloaded: without tesseract the service starts
 * and reports those languages as not installed.
 */
export interface TesseractInstall {
  binary: string;
  version: string;
  /** tesseract's own language names (`kor`, `eng`, `chi_tra`, ...), `osd` left out. */
  languages: string[];
}

const run = promisify(execFile);

export async function findTesseract(
  binary = 'tesseract',
  env: NodeJS.ProcessEnv = process.env,
): Promise<TesseractInstall | undefined> {
  try {
    const [version, list] = await Promise.all([
      run(binary, ['--version'], { env, timeout: 10_000 }),
      run(binary, ['--list-langs'], { env, timeout: 10_000 }),
    ]);
    return {
      binary,
      version: /tesseract\s+v?([\d.]+)/i.exec(version.stdout + version.stderr)?.[1] ?? 'unknown',
      languages: parseLanguageList(list.stdout),
    };
  } catch {
    return undefined;
  }
}

/** `tesseract --list-langs` prints a header line, then one language per line. */
export function parseLanguageList(output: string): string[] {
  return output
    .split('\n')
    .slice(1)
    .map((l) => l.trim())
    .filter((l) => l.length > 0 && l !== 'osd' && !l.startsWith('List of'));
}
