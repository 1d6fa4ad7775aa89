import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments, parse } from 'yaml';

/**
 * Reads the deployment files the way their consumers do: kustomize targets rendered by
 * `kubectl kustomize` (offline), docker-compose.yml and .env.example as YAML and lines. Pure
 * loading, no judgement: the tests beside it decide what is wrong.
 */
export const ROOT = resolve(fileURLToPath(import.meta.url), '../../../../..');

/** Every kustomize target under deploy/k8s that someone applies. */
export const KUSTOMIZE_TARGETS = [
  'deploy/k8s/base',
  'deploy/k8s/overlays/dev',
  'deploy/k8s/overlays/gpu',
  'deploy/k8s/overlays/keda',
  'deploy/k8s/prometheus-adapter',
] as const;

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}

export const KUBECTL_HINT = 'kubectl not found: install kubectl (its `kubectl kustomize` renders offline)';

export function kubectlInstalled(): boolean {
  return spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status === 0;
}

export function renderKustomization(target: string): K8sObject[] {
  const out = execFileSync('kubectl', ['kustomize', resolve(ROOT, target)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return parseAllDocuments(out)
    .map((doc) => doc.toJS() as K8sObject | null)
    .filter((o): o is K8sObject => o !== null);
}

export function find<T = K8sObject>(objects: readonly K8sObject[], kind: string, name: string): T {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found)
    throw new Error(`no ${kind}/${name} among ${objects.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')}`);
  return found as T;
}

export function readRepoFile(path: string): string {
  return readFileSync(resolve(ROOT, path), 'utf8');
}

export function readYaml<T>(path: string): T {
  return parse(readRepoFile(path)) as T;
}

/** Names assigned in an env file (`NAME=value`, commented-out `# NAME=` lines included). */
export function envFileNames(text: string): string[] {
  return [...text.matchAll(/^#?\s?([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]!);
}
