import assert from 'node:assert/strict';
import { relative } from 'node:path';
import { describe, test } from 'node:test';
import { OCR_PROTO_ROOT } from '@ocr-pool/contracts';
import { ROOT, readRepoFile } from './deploy-files.js';

/**
 * The images cannot be built here (no Docker engine), so the Dockerfile is checked as text: the
 * install steps are CI's, every runtime image is non-root with a healthcheck and starts a file the
 * build produces, and the gateway image carries the .proto where the gRPC server loads it from.
 */
interface Stage {
  name: string;
  from: string;
  lines: string[];
}

function stages(text: string): Stage[] {
  const lines = text.replace(/\\\n/g, ' ').split('\n');
  const result: Stage[] = [];
  for (const line of lines) {
    const from = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from) result.push({ from: from[1]!, name: from[2] ?? '', lines: [] });
    else if (line.trim() && !line.startsWith('#')) result.at(-1)?.lines.push(line.trim());
  }
  return result;
}

const dockerfile = stages(readRepoFile('Dockerfile'));
const stage = (name: string): Stage => {
  const found = dockerfile.find((s) => s.name === name);
  assert.ok(found, `no stage ${name}`);
  return found;
};

describe('Dockerfile', () => {
  test('installs like CI: the same ONNXRUNTIME_NODE_INSTALL, npm ci, npm run build', () => {
    const ci = /^export ONNXRUNTIME_NODE_INSTALL=(\S+)/m.exec(readRepoFile('.ci/run'))?.[1];
    assert.ok(ci, '.ci/run no longer sets ONNXRUNTIME_NODE_INSTALL');
    const build = stage('build').lines;
    assert.ok(build.includes(`ENV ONNXRUNTIME_NODE_INSTALL=${ci}`));
    assert.ok(build.some((l) => /^RUN npm ci\b/.test(l)));
    assert.ok(build.includes('RUN npm run build'));
    assert.ok(stage('worker-gpu-deps').lines.includes('ENV ONNXRUNTIME_NODE_INSTALL=cuda12'));
  });

  test('copies the package.json of every workspace before npm ci', () => {
    const workspaces = (JSON.parse(readRepoFile('package.json')) as { workspaces: string[] }).workspaces;
    for (const name of ['build', 'manifests'])
      for (const ws of workspaces)
        assert.ok(
          stage(name).lines.some((l) => l.startsWith('COPY') && l.includes(`${ws}/package.json`)),
          `${name}: ${ws}/package.json not copied (npm ci would reject the lockfile)`,
        );
  });

  for (const [target, app] of [
    ['gateway', 'gateway'],
    ['worker', 'worker'],
    ['worker-gpu', 'worker'],
  ] as const)
    test(`${target}: production deps of apps/${app} only, non-root, healthcheck, starts its main`, () => {
      const lines = stage(target).lines;
      const deps = stage(`${target}-deps`).lines.join('\n');
      assert.match(deps, new RegExp(`npm ci --omit=dev .*-w apps/${app}\\b`));
      assert.match(deps, new RegExp(`keep-production-tree\\.mjs apps/${app}\\b`), 'the tree is not pruned to the app');
      assert.ok(lines.includes('USER node'), 'runs as root');
      assert.ok(lines.some((l) => l.startsWith('HEALTHCHECK') && l.includes('/livez')));
      assert.ok(lines.includes(`CMD ["node", "apps/${app}/dist/src/main.js"]`));
    });

  test('the gateway image has the .proto where the gRPC server loads it', () => {
    const proto = relative(ROOT, OCR_PROTO_ROOT);
    assert.ok(stage('gateway').lines.includes(`COPY --from=build /src/${proto} ${proto}`), proto);
  });

  test('the worker images install tesseract with the languages of TESSERACT_LANGS', () => {
    for (const target of ['worker', 'worker-gpu']) {
      const lines = stage(target).lines;
      assert.ok(lines.includes('ARG TESSERACT_LANGS=kor'));
      assert.ok(lines.some((l) => l.includes('tesseract-ocr $(for l in ${TESSERACT_LANGS}')));
    }
  });
});
