#!/usr/bin/env node
// Runs a package's compiled tests (`*.test.js` under the given dist folder) with node's own test
// runner. A wrapper because node 20's `--test DIR` also treats every file in a `test/` folder as a
// test, which would run shared helpers as tests.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const [root, ...extra] = process.argv.slice(2);
if (!root) {
  console.error('usage: node tools/node-test.mjs DIST_DIR [node --test options]');
  process.exit(2);
}

function findTests(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : findTests(path);
    return name.endsWith('.test.js') ? [path] : [];
  });
}

const files = findTests(root).sort();
if (files.length === 0) {
  console.error(`no *.test.js files under ${root}: build first`);
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...extra, ...files], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
