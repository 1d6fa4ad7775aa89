#!/usr/bin/env node
// Removes from node_modules every package that one workspace does not need at run time.
//
// Usage (in an image's dependency stage, after `npm ci --omit=dev -w <workspace>`):
//   node keep-production-tree.mjs apps/gateway
//
// Why: `npm ci --omit=dev -w X` still installs X's devDependencies that are workspaces, with their
// own production dependencies (npm/cli#6670). The gateway's test-only dependency on the worker
// brought onnxruntime-node (288 MB) and the models into the gateway image. `npm ls --omit=dev`
// resolves the tree X really needs; every top-level package outside it is deleted.
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';

const workspace = process.argv[2];
if (!workspace) {
  console.error('usage: node keep-production-tree.mjs <workspace folder, e.g. apps/gateway>');
  process.exit(2);
}
const root = process.cwd();
// A listing with no packages means npm could not read the tree: stop rather than delete everything.
const listed = spawnSync('npm', ['ls', '--omit=dev', '--all', '--parseable', '-w', workspace], {
  encoding: 'utf8',
  maxBuffer: 64 * 1024 * 1024,
});
const keep = new Set(
  listed.stdout
    .split('\n')
    .filter(Boolean)
    .map((path) => relative(root, path)),
);
if (![...keep].some((path) => path.startsWith('node_modules/'))) {
  console.error(`npm ls listed no packages for ${workspace}:\n${listed.stderr}`);
  process.exit(1);
}

const topLevel = readdirSync('node_modules').flatMap((name) => {
  if (name.startsWith('.')) return [];
  if (!name.startsWith('@')) return [join('node_modules', name)];
  return readdirSync(join('node_modules', name)).map((scoped) => join('node_modules', name, scoped));
});
const removed = topLevel.filter((path) => !keep.has(path));
for (const path of removed) rmSync(path, { recursive: true, force: true });
console.log(`${workspace}: kept ${topLevel.length - removed.length} packages, removed ${removed.length}`);
