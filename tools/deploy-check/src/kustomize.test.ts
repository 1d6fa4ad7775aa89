import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import {
  KUBECTL_HINT,
  KUSTOMIZE_TARGETS,
  type K8sObject,
  find,
  kubectlInstalled,
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
  spec: { replicas?: number; template: { spec: PodSpec } };
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
  });
}

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

  test('dev: one replica of each and no GPU', () => {
    const list = objects('deploy/k8s/overlays/dev');
    for (const w of workloads(list)) assert.equal(w.spec.replicas, 1, `${w.metadata.name}`);
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
