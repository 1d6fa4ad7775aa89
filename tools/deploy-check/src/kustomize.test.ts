import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import {
  KUBECTL_HINT,
  KUSTOMIZE_TARGETS,
  type K8sObject,
  argValue,
  baseNamespace,
  find,
  k8sBytes,
  kubectlInstalled,
  redisBytes,
  renderKustomization,
} from './deploy-files.js';
import { schemaViolations } from './schemas.js';

/**
 * Every kustomize target renders offline, every object it renders is valid against its schema,
 * and the properties the deployment relies on hold in each: hardened pods, probes and resources,
 * a worker grace period longer than its drain, the autoscalers of each overlay.
 */

interface Container {
  name: string;
  image: string;
  args?: string[];
  ports?: { name?: string; containerPort: number }[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string | number> };
  readinessProbe?: unknown;
  livenessProbe?: unknown;
  securityContext?: { allowPrivilegeEscalation?: boolean; readOnlyRootFilesystem?: boolean; runAsNonRoot?: boolean };
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
}
interface PodSpec {
  containers: Container[];
  securityContext?: { runAsNonRoot?: boolean };
  terminationGracePeriodSeconds?: number;
  nodeSelector?: Record<string, string>;
  tolerations?: unknown[];
}
interface Workload extends K8sObject {
  spec: { replicas?: number; template: { metadata?: { labels?: Record<string, string> }; spec: PodSpec } };
}
interface Autoscaler extends K8sObject {
  spec: { scaleTargetRef: { kind?: string; name: string }; minReplicas?: number; maxReplicas?: number };
}
interface NetworkPolicy extends K8sObject {
  spec: {
    podSelector: { matchLabels?: Record<string, string> };
    policyTypes?: string[];
    ingress?: {
      from?: { podSelector?: { matchLabels?: Record<string, string> }; namespaceSelector?: unknown }[];
      ports?: { port?: number | string; protocol?: string }[];
    }[];
  };
}
interface ConfigMap extends K8sObject {
  data: Record<string, string>;
}

const rendered = new Map<string, K8sObject[]>();
const objects = (target: string): K8sObject[] => {
  const found = rendered.get(target);
  if (!found) throw new Error(`${target} did not render`);
  return found;
};
const workloads = (list: K8sObject[]): Workload[] =>
  list.filter((o): o is Workload => o.kind === 'Deployment' || o.kind === 'StatefulSet');
const autoscalers = (list: K8sObject[]): Autoscaler[] =>
  list.filter((o): o is Autoscaler => o.kind === 'HorizontalPodAutoscaler' || o.kind === 'ScaledObject');
/** Whether every label a selector asks for is on the pod. */
const selects = (selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean =>
  !!selector && Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels?.[k] === v);
const APP_TARGETS = KUSTOMIZE_TARGETS.filter((t) => t !== 'deploy/k8s/prometheus-adapter');

before(() => {
  assert.ok(kubectlInstalled(), KUBECTL_HINT);
});

for (const target of KUSTOMIZE_TARGETS) {
  describe(target, () => {
    test('renders with kubectl kustomize', () => {
      const list = renderKustomization(target);
      assert.ok(list.length > 0, 'rendered nothing');
      rendered.set(target, list);
    });

    test('every object is valid against its schema', () => {
      assert.deepEqual(objects(target).flatMap(schemaViolations), []);
    });

    test('every pod runs as non-root, read-only, without privilege escalation, with probes and requests', () => {
      const problems: string[] = [];
      for (const w of workloads(objects(target))) {
        const pod = w.spec.template.spec;
        for (const c of pod.containers) {
          const where = `${w.kind}/${w.metadata.name} ${c.name}`;
          if (!(pod.securityContext?.runAsNonRoot ?? c.securityContext?.runAsNonRoot))
            problems.push(`${where}: may run as root`);
          if (c.securityContext?.allowPrivilegeEscalation !== false)
            problems.push(`${where}: privilege escalation allowed`);
          if (c.securityContext?.readOnlyRootFilesystem !== true) problems.push(`${where}: writable root filesystem`);
          if (!c.readinessProbe || !c.livenessProbe) problems.push(`${where}: missing readiness or liveness probe`);
          if (!c.resources?.requests?.cpu || !c.resources.requests.memory)
            problems.push(`${where}: no cpu/memory requests`);
          if (!c.resources?.limits?.memory) problems.push(`${where}: no memory limit`);
        }
      }
      assert.deepEqual(problems, []);
    });

    test('no Deployment an autoscaler manages sets spec.replicas (kubectl apply would reset the count)', () => {
      const list = objects(target);
      const scaled = new Set(autoscalers(list).map((a) => a.spec.scaleTargetRef.name));
      const pinned = workloads(list)
        .filter((w) => w.kind === 'Deployment' && scaled.has(w.metadata.name) && w.spec.replicas !== undefined)
        .map((w) => `${w.metadata.name}: replicas ${w.spec.replicas}`);
      assert.deepEqual(pinned, []);
    });
  });
}

describe('namespaces', () => {
  for (const target of APP_TARGETS)
    test(`${target}: every namespaced object lands in the base's namespace, not the kubectl context's`, () => {
      const stray = objects(target)
        .filter((o) => o.kind !== 'Namespace' && o.metadata.namespace !== baseNamespace())
        .map((o) => `${o.kind}/${o.metadata.name} in ${o.metadata.namespace ?? '(none)'}`);
      assert.deepEqual(stray, []);
    });
});

describe('redis', () => {
  for (const target of APP_TARGETS)
    test(`${target}: redis refuses writes at --maxmemory, set at 60-80% of its container limit`, () => {
      const container = find<Workload>(objects(target), 'StatefulSet', 'redis').spec.template.spec.containers[0]!;
      const args = container.args ?? [];
      assert.equal(argValue(args, '--maxmemory-policy'), 'noeviction');
      const maxmemory = argValue(args, '--maxmemory');
      assert.ok(maxmemory, 'no --maxmemory: noeviction never acts and Redis grows until it is OOM-killed');
      const share = redisBytes(maxmemory) / k8sBytes(container.resources?.limits?.memory ?? '0');
      assert.ok(share >= 0.6 && share <= 0.8, `--maxmemory is ${(share * 100).toFixed(0)}% of the limit`);
    });

  for (const target of APP_TARGETS)
    test(`${target}: a NetworkPolicy admits only the gateway and worker pods to Redis's port`, () => {
      const list = objects(target);
      const redis = find<Workload>(list, 'StatefulSet', 'redis');
      const policies = list.filter(
        (o): o is NetworkPolicy =>
          o.kind === 'NetworkPolicy' &&
          selects((o as NetworkPolicy).spec.podSelector.matchLabels, redis.spec.template.metadata?.labels),
      );
      assert.equal(policies.length, 1, 'no NetworkPolicy (or more than one) selects the Redis pod');
      const policy = policies[0]!;
      assert.ok(policy.spec.policyTypes?.includes('Ingress'));
      const peers = (policy.spec.ingress ?? []).flatMap((rule) => rule.from ?? []);
      assert.ok(peers.length > 0 && peers.every((p) => p.podSelector && !p.namespaceSelector), 'open beyond pods here');
      const admitted = workloads(list)
        .filter((w) => peers.some((p) => selects(p.podSelector?.matchLabels, w.spec.template.metadata?.labels)))
        .map((w) => `${w.kind}/${w.metadata.name}`)
        .sort();
      assert.deepEqual(admitted, ['Deployment/gateway', 'Deployment/worker']);
      const redisPort = redis.spec.template.spec.containers[0]!.ports?.find((p) => p.name === 'redis')?.containerPort;
      const ports = (policy.spec.ingress ?? []).flatMap((rule) => rule.ports ?? []);
      assert.deepEqual(
        ports.map((p) => p.port),
        [redisPort],
      );
    });
});

describe('worker drain and autoscaling', () => {
  test('the worker pod outlives its own drain: grace period > SHUTDOWN_TIMEOUT_MS', () => {
    for (const target of ['deploy/k8s/base', 'deploy/k8s/overlays/gpu', 'deploy/k8s/overlays/keda']) {
      const list = objects(target);
      const pod = find<Workload>(list, 'Deployment', 'worker').spec.template.spec;
      const drainMs = Number(find<ConfigMap>(list, 'ConfigMap', 'ocr-pool-worker').data.SHUTDOWN_TIMEOUT_MS);
      assert.ok(drainMs > 0, `${target}: SHUTDOWN_TIMEOUT_MS unset`);
      assert.ok((pod.terminationGracePeriodSeconds ?? 30) * 1000 > drainMs, `${target}: grace period too short`);
    }
  });

  test('base: the worker HPA scales on the backlog, 16 jobs per worker, up fast and down slowly', () => {
    const hpa = find<K8sObject & { spec: Record<string, never> }>(
      objects('deploy/k8s/base'),
      'HorizontalPodAutoscaler',
      'worker',
    );
    const spec = hpa.spec as unknown as {
      metrics: {
        type: string;
        external?: { metric: { name: string }; target: { type: string; averageValue: string } };
      }[];
      behavior: { scaleUp: { stabilizationWindowSeconds: number }; scaleDown: { stabilizationWindowSeconds: number } };
    };
    assert.equal(spec.metrics[0]?.type, 'External');
    assert.equal(spec.metrics[0]?.external?.metric.name, 'ocr_queue_backlog_jobs');
    assert.deepEqual(spec.metrics[0]?.external?.target, { type: 'AverageValue', averageValue: '16' });
    assert.equal(spec.behavior.scaleUp.stabilizationWindowSeconds, 0);
    assert.ok(spec.behavior.scaleDown.stabilizationWindowSeconds >= 300);
  });

  test('gpu: workers ask for a GPU on GPU nodes, on the CUDA image, with OCR_DEVICE=cuda', () => {
    const list = objects('deploy/k8s/overlays/gpu');
    const pod = find<Workload>(list, 'Deployment', 'worker').spec.template.spec;
    assert.equal(pod.containers[0]?.resources?.limits?.['nvidia.com/gpu'], 1);
    assert.match(pod.containers[0]?.image ?? '', /worker-gpu/);
    assert.ok(pod.nodeSelector && pod.tolerations?.length);
    assert.equal(find<ConfigMap>(list, 'ConfigMap', 'ocr-pool-worker').data.OCR_DEVICE, 'cuda');
  });

  test('keda: a ScaledObject from zero replaces the worker HPA (two autoscalers would fight)', () => {
    const list = objects('deploy/k8s/overlays/keda');
    assert.equal(list.filter((o) => o.kind === 'HorizontalPodAutoscaler' && o.metadata.name === 'worker').length, 0);
    const scaled = find<K8sObject & { spec: { minReplicaCount: number; scaleTargetRef: { name: string } } }>(
      list,
      'ScaledObject',
      'worker',
    );
    assert.equal(scaled.spec.minReplicaCount, 0);
    assert.equal(scaled.spec.scaleTargetRef.name, 'worker');
  });

  test('dev: one replica of each (the HPAs pinned to 1) and no GPU', () => {
    const list = objects('deploy/k8s/overlays/dev');
    const hpa = (name: string) => find<Autoscaler>(list, 'HorizontalPodAutoscaler', name).spec;
    for (const w of workloads(list))
      if (w.kind === 'StatefulSet') assert.equal(w.spec.replicas, 1, `${w.metadata.name}`);
      else assert.deepEqual([hpa(w.metadata.name).minReplicas ?? 1, hpa(w.metadata.name).maxReplicas], [1, 1]);
    for (const w of workloads(list))
      for (const c of w.spec.template.spec.containers) assert.equal(c.resources?.limits?.['nvidia.com/gpu'], undefined);
    const hpas = list.filter((o) => o.kind === 'HorizontalPodAutoscaler') as unknown as {
      spec: { maxReplicas: number };
    }[];
    for (const hpa of hpas) assert.equal(hpa.spec.maxReplicas, 1);
  });
});

test('schema validation catches a broken object (the check itself can fail)', () => {
  const broken = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'broken' },
    spec: {
      replicas: 'two',
      selector: {},
      template: { spec: { containers: [{ name: 'x', ports: [{ containerPort: 'http' }] }] } },
    },
  } as unknown as K8sObject;
  assert.notDeepEqual(schemaViolations(broken), []);
  assert.notDeepEqual(schemaViolations({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }), []);
});
