import { TEST_PACKAGES, ensureOsPackage, onPath } from './os-packages.js';

/**
 * `npm test`'s preflight (its `pretest` script), so that `npm ci && npm test` works on a fresh
 * Debian/Ubuntu machine as `npm start` does: the OS packages the tests drive for real are
 * installed when apt-get can run without a password prompt. Elsewhere each missing one is named
 * with its install command, and the tests that need it say so again when they fail. kubectl (the
 * deploy checks) is not a Debian package: it is only named.
 */
function main(): void {
  const log = (line: string): void => console.error(`pretest: ${line}`);
  const missing = TEST_PACKAGES.filter((pkg) => ensureOsPackage(pkg, log) === 'missing');
  if (!onPath('kubectl'))
    log('missing: kubectl, for the deploy checks (kubectl kustomize); see kubernetes.io/docs/tasks/tools');
  if (missing.length > 0) log(`${missing.length} prerequisite(s) missing: the tests that need them will fail`);
}

main();
