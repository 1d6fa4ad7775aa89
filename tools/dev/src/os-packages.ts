import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { redisServerInstalled } from './redis-server.js';

/**
 * `npm start`'s and `npm test`'s preflight: the OS packages the stack needs on one machine
 * (redis-server when no Redis answers, tesseract with its Korean data for the old service's default
 * language) and those the tests drive for real (`TEST_PACKAGES`). On
 * Debian/Ubuntu it installs what is missing when it may do so without a password prompt (root, or
 * passwordless sudo); anywhere else it prints the command to run and carries on without.
 */
export interface OsPackage {
  /** Debian package names. */
  debian: string[];
  /** Homebrew formulae, for the hint on macOS. */
  brew: string[];
  /** What the package is for, in the hint. */
  purpose: string;
  installed: () => boolean;
}

export const REDIS_PACKAGE: OsPackage = {
  debian: ['redis-server'],
  brew: ['redis'],
  purpose: 'a local Redis for the queue',
  installed: redisServerInstalled,
};

export const KOREAN_TESSERACT_PACKAGE: OsPackage = {
  debian: ['tesseract-ocr', 'tesseract-ocr-kor'],
  brew: ['tesseract', 'tesseract-lang'],
  purpose: 'Korean, the default language of /extract_text',
  installed: () => tesseractLanguages().includes('kor'),
};

export type EnsureOutcome = 'present' | 'installed' | 'missing';

export function ensureOsPackage(pkg: OsPackage, log: (line: string) => void): EnsureOutcome {
  if (pkg.installed()) return 'present';
  const sudo = aptPrefix();
  if (sudo) {
    log(`installing ${pkg.debian.join(' ')} (${pkg.purpose}) with apt-get`);
    const apt = [...sudo, 'apt-get'];
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const install = (): boolean =>
      spawnSync(apt[0]!, [...apt.slice(1), 'install', '-y', '--no-install-recommends', ...pkg.debian], {
        stdio: 'inherit',
        env,
      }).status === 0;
    // A fresh image has no package lists yet: update only when the first try fails.
    if (
      install() ||
      (spawnSync(apt[0]!, [...apt.slice(1), 'update'], { stdio: 'inherit', env }).status === 0 && install())
    ) {
      if (pkg.installed()) return 'installed';
    }
  }
  log(`missing: ${pkg.purpose}. Install it with: ${installHint(pkg)}`);
  return 'missing';
}

export function installHint(pkg: OsPackage): string {
  return process.platform === 'darwin'
    ? `brew install ${pkg.brew.join(' ')}`
    : `sudo apt-get install ${pkg.debian.join(' ')}`;
}

/** The command prefix that runs apt-get without a prompt, or undefined when none can. */
function aptPrefix(): string[] | undefined {
  if (process.platform !== 'linux' || !existsSync('/usr/bin/apt-get')) return undefined;
  if (process.getuid?.() === 0) return [];
  return commandWorks('sudo', ['-n', 'true']) ? ['sudo', '-n'] : undefined;
}

function tesseractLanguages(): string[] {
  const list = spawnSync('tesseract', ['--list-langs'], { encoding: 'utf8', timeout: 10_000 });
  return list.status === 0 ? list.stdout.split('\n').map((l) => l.trim()) : [];
}

function commandWorks(command: string, args: string[]): boolean {
  return spawnSync(command, args, { stdio: 'ignore', timeout: 10_000 }).status === 0;
}

// The name goes in as a positional argument, never into the script text.
export const onPath = (command: string): boolean => commandWorks('sh', ['-c', 'command -v "$1"', 'sh', command]);

const fontFamilies = (): string =>
  spawnSync('fc-list', [':', 'family'], { encoding: 'utf8', timeout: 10_000 }).stdout ?? '';

/** Debian's Chromium, the only browser the browser tests drive (never a downloaded one). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** What `npm test` drives for real, beyond Node: its `pretest` step makes sure of each. */
export const TEST_PACKAGES: readonly OsPackage[] = [
  REDIS_PACKAGE,
  KOREAN_TESSERACT_PACKAGE,
  {
    debian: ['fonts-dejavu-core', 'fonts-nanum'],
    brew: ['font-dejavu', 'font-nanum-gothic'],
    purpose: 'the fonts the tests render their text images with (DejaVu Sans, NanumGothic)',
    installed: () => {
      const families = fontFamilies();
      return /DejaVu Sans/.test(families) && /NanumGothic/.test(families);
    },
  },
  {
    debian: ['chromium'],
    brew: ['chromium'],
    purpose: 'the browser tests of the demo page and Swagger UI',
    installed: () => existsSync(CHROMIUM_PATH),
  },
  {
    debian: ['prometheus'],
    brew: ['prometheus'],
    purpose: 'Prometheus and promtool for the monitoring tests',
    installed: () => onPath('promtool') && onPath('prometheus'),
  },
];
