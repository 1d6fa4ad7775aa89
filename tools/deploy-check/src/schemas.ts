import { ScaledObject } from '@kubernetes-models/keda/keda.sh/v1alpha1';
import { PodMonitor, ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import { Deployment, StatefulSet } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Namespace, Secret, Service } from 'kubernetes-models/v1';
import type { K8sObject } from './deploy-files.js';

/**
 * The JSON schema of every kind the manifests may contain, from the kubernetes-models packages
 * (generated from the Kubernetes OpenAPI and the KEDA / Prometheus Operator CRDs). A kind missing
 * here fails validation: add its model rather than letting an object through unchecked.
 */
interface Validatable {
  validate(): void;
}

const MODELS: Record<string, new (data: never) => Validatable> = {
  'v1/Namespace': Namespace,
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'apps/v1/StatefulSet': StatefulSet,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'monitoring.coreos.com/v1/ServiceMonitor': ServiceMonitor,
  'monitoring.coreos.com/v1/PodMonitor': PodMonitor,
  'keda.sh/v1alpha1/ScaledObject': ScaledObject,
};

/** Schema violations of one object, as readable lines; empty when it is valid. */
export function schemaViolations(object: K8sObject): string[] {
  const id = `${object.apiVersion}/${object.kind}`;
  const Model = MODELS[id];
  if (!Model) return [`${id} ${object.metadata.name}: no schema known for this kind`];
  try {
    new Model(object as never).validate();
    return [];
  } catch (error) {
    return [`${id} ${object.metadata.name}: ${error instanceof Error ? error.message : String(error)}`];
  }
}
