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

/** A Kubernetes memory quantity (`512Mi`, `2Gi`, `1G`, `1000`) in bytes. */
export function k8sBytes(quantity: string | number): number {
  const match = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(String(quantity));
  if (!match) throw new Error(`not a memory quantity: ${quantity}`);
  const unit = { '': 1, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, k: 1e3, M: 1e6, G: 1e9, T: 1e12 };
  return Number(match[1]) * unit[(match[2] ?? '') as keyof typeof unit];
}

/** A Redis memory setting (`1500mb`, `2gb`, `1g`) in bytes: `kb`/`mb`/`gb` count in 1024s, `k`/`m`/`g` in 1000s. */
export function redisBytes(value: string): number {
  const match = /^(\d+)(kb|mb|gb|k|m|g)?$/i.exec(value);
  if (!match) throw new Error(`not a Redis memory setting: ${value}`);
  const unit = { '': 1, kb: 2 ** 10, mb: 2 ** 20, gb: 2 ** 30, k: 1e3, m: 1e6, g: 1e9 };
  return Number(match[1]) * unit[(match[2] ?? '').toLowerCase() as keyof typeof unit];
}

/** A compose memory limit (`2g`, `512m`, `1gb`) in bytes; compose counts in 1024s. */
export function composeBytes(value: string): number {
  const match = /^(\d+)([bkmg])?b?$/i.exec(value);
  if (!match) throw new Error(`not a compose memory limit: ${value}`);
  const unit = { '': 1, b: 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30 };
  return Number(match[1]) * unit[(match[2] ?? '').toLowerCase() as keyof typeof unit];
}

/** The value that follows `flag` in an argument list (`--maxmemory 1500mb`), or undefined. */
export function argValue(args: readonly string[], flag: string): string | undefined {
  const at = args.indexOf(flag);
  return at < 0 ? undefined : args[at + 1];
}

/** The namespace the base kustomization puts ocr-pool in. */
export function baseNamespace(): string {
  return readYaml<{ namespace: string }>('deploy/k8s/base/kustomization.yaml').namespace;
}

/** The KEDA trigger's Prometheus query, as written. */
export function kedaQuery(): string {
  return readYaml<{ spec: { triggers: { metadata: { query: string } }[] } }>(
    'deploy/k8s/overlays/keda/scaled-object.yaml',
  ).spec.triggers[0]!.metadata.query;
}

/** The prometheus-adapter external rule for the worker HPA, as written. */
export interface AdapterRule {
  seriesQuery: string;
  resources: { namespaced?: boolean; overrides?: Record<string, { group?: string; resource: string }> };
  metricsQuery: string;
}
export function adapterRule(): AdapterRule {
  return readYaml<{ externalRules: AdapterRule[] }>('deploy/k8s/prometheus-adapter/config.yaml').externalRules[0]!;
}

/**
 * The query the adapter sends for an HPA in `namespace`: its template with the series name and the
 * label matchers filled in the way prometheus-adapter does for a namespaced external rule (the
 * namespace label, mapped through the rule's override, equal to the HPA's namespace).
 */
export function adapterQueryFor(namespace: string): string {
  const rule = adapterRule();
  const label = Object.entries(rule.resources.overrides ?? {}).find(([, to]) => to.resource === 'namespace')?.[0];
  const matchers = rule.resources.namespaced !== false && label ? `${label}="${namespace}"` : '';
  return rule.metricsQuery.replaceAll('<<.Series>>', 'ocr_queue_jobs').replaceAll('<<.LabelMatchers>>', matchers);
}
