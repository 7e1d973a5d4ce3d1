import { asArray, constraint, defineTemplate, type KubeObject } from "gkc/sdk";
import { regoText } from "./lib/referential.js";

export const template = defineTemplate({
  kind: "VerifyDeprecatedAPI",
  title: "Verify deprecated APIs",
  description:
    "Verifies deprecated Kubernetes APIs to ensure all the API versions are up to date. This template does not apply to audit as audit looks at the resources which are already present in the cluster with non-deprecated API versions.",
  version: "1.0.0",
});

/** Parameters of VerifyDeprecatedAPI. */
export interface Parameters {
  /** Deprecated api versions and corresponding kinds */
  kvs?: {
    /** deprecated api, e.g. `flowcontrol.apiserver.k8s.io/v1beta2` */
    deprecatedAPI?: string;
    /** impacted list of kinds, e.g. `["FlowSchema", "PriorityLevelConfiguration"]` */
    kinds?: string[];
    /** target api, e.g. `flowcontrol.apiserver.k8s.io/v1beta3`; `None` when the API has no replacement */
    targetAPI?: string;
  }[];
  /** kubernetes version */
  k8sVersion?: number;
}

export function* violations(object: KubeObject, parameters: Parameters): Generator<string> {
  const apiVersion: unknown = object.apiVersion;
  const kind: unknown = object.kind;
  const version: unknown = parameters.k8sVersion;
  // The library's message needs the Kubernetes version: without it nothing is reported.
  if (typeof apiVersion !== "string" || typeof kind !== "string" || version === undefined) {
    return;
  }
  for (const kvs of asArray(parameters.kvs)) {
    const target: unknown = kvs.targetAPI;
    if (kvs.deprecatedAPI !== apiVersion || !asArray(kvs.kinds).includes(kind) || target === undefined) {
      continue;
    }
    if (target === "None") {
      yield `API ${kind} for ${apiVersion} is deprecated in Kubernetes version ${regoText(version)}, please see Kubernetes API deprecation guide`;
    } else {
      yield `API ${kind} for ${apiVersion} is deprecated in Kubernetes version ${regoText(version)}, please use ${regoText(target)} instead`;
    }
  }
}

export const constraints = [
  constraint<Parameters>({
    name: "verify-1.16",
    enforcementAction: "dryrun",
    match: {
      kinds: [
        { apiGroups: ["apps"], kinds: ["Deployment", "ReplicaSet", "StatefulSet", "DaemonSet"] },
        { apiGroups: ["extensions"], kinds: ["PodSecurityPolicy", "ReplicaSet", "Deployment", "DaemonSet", "NetworkPolicy"] },
      ],
    },
    parameters: {
      kvs: [
        { deprecatedAPI: "apps/v1beta1", kinds: ["Deployment", "ReplicaSet", "StatefulSet"], targetAPI: "apps/v1" },
        { deprecatedAPI: "extensions/v1beta1", kinds: ["ReplicaSet", "Deployment", "DaemonSet"], targetAPI: "apps/v1" },
        { deprecatedAPI: "extensions/v1beta1", kinds: ["PodSecurityPolicy"], targetAPI: "policy/v1beta1" },
        { deprecatedAPI: "apps/v1beta2", kinds: ["ReplicaSet", "StatefulSet", "Deployment", "DaemonSet"], targetAPI: "apps/v1" },
        { deprecatedAPI: "extensions/v1beta1", kinds: ["NetworkPolicy"], targetAPI: "networking.k8s.io/v1" },
      ],
      k8sVersion: 1.16,
    },
  }),
  constraint<Parameters>({
    name: "verify-1.22",
    enforcementAction: "dryrun",
    match: {
      kinds: [
        { apiGroups: ["admissionregistration.k8s.io"], kinds: ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"] },
        { apiGroups: ["apiextensions.k8s.io"], kinds: ["CustomResourceDefinition"] },
        { apiGroups: ["apiregistration.k8s.io"], kinds: ["APIService"] },
        { apiGroups: ["authentication.k8s.io"], kinds: ["TokenReview"] },
        { apiGroups: ["authorization.k8s.io"], kinds: ["SubjectAccessReview"] },
        { apiGroups: ["certificates.k8s.io"], kinds: ["CertificateSigningRequest"] },
        { apiGroups: ["coordination.k8s.io"], kinds: ["Lease"] },
        { apiGroups: ["extensions", "networking.k8s.io"], kinds: ["Ingress"] },
        { apiGroups: ["networking.k8s.io"], kinds: ["IngressClass"] },
        { apiGroups: ["rbac.authorization.k8s.io"], kinds: ["ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"] },
        { apiGroups: ["scheduling.k8s.io"], kinds: ["PriorityClass"] },
        { apiGroups: ["storage.k8s.io"], kinds: ["CSIDriver", "CSINode", "StorageClass", "VolumeAttachment"] },
      ],
    },
    parameters: {
      kvs: [
        { deprecatedAPI: "admissionregistration.k8s.io/v1beta1", kinds: ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"], targetAPI: "admissionregistration.k8s.io/v1" },
        { deprecatedAPI: "apiextensions.k8s.io/v1beta1", kinds: ["CustomResourceDefinition"], targetAPI: "apiextensions.k8s.io/v1" },
        { deprecatedAPI: "apiregistration.k8s.io/v1beta1", kinds: ["APIService"], targetAPI: "apiregistration.k8s.io/v1" },
        { deprecatedAPI: "authentication.k8s.io/v1beta1", kinds: ["TokenReview"], targetAPI: "authentication.k8s.io/v1" },
        { deprecatedAPI: "authorization.k8s.io/v1beta1", kinds: ["SubjectAccessReview"], targetAPI: "authorization.k8s.io/v1" },
        { deprecatedAPI: "certificates.k8s.io/v1beta1", kinds: ["CertificateSigningRequest"], targetAPI: "certificates.k8s.io/v1" },
        { deprecatedAPI: "coordination.k8s.io/v1beta1", kinds: ["Lease"], targetAPI: "coordination.k8s.io/v1" },
        { deprecatedAPI: "extensions/v1beta1", kinds: ["Ingress"], targetAPI: "networking.k8s.io/v1" },
        { deprecatedAPI: "networking.k8s.io/v1beta1", kinds: ["Ingress", "IngressClass"], targetAPI: "networking.k8s.io/v1" },
        { deprecatedAPI: "rbac.authorization.k8s.io/v1beta1", kinds: ["ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"], targetAPI: "rbac.authorization.k8s.io/v1" },
        { deprecatedAPI: "scheduling.k8s.io/v1beta1", kinds: ["PriorityClass"], targetAPI: "scheduling.k8s.io/v1" },
        { deprecatedAPI: "storage.k8s.io/v1beta1", kinds: ["CSIDriver", "CSINode", "StorageClass", "VolumeAttachment"], targetAPI: "storage.k8s.io/v1" },
      ],
      k8sVersion: 1.22,
    },
  }),
  constraint<Parameters>({
    name: "verify-1.25",
    enforcementAction: "dryrun",
    match: {
      kinds: [
        { apiGroups: ["batch"], kinds: ["CronJob"] },
        { apiGroups: ["discovery.k8s.io"], kinds: ["EndpointSlice"] },
        { apiGroups: ["events.k8s.io"], kinds: ["Event"] },
        { apiGroups: ["autoscaling"], kinds: ["HorizontalPodAutoscaler"] },
        { apiGroups: ["policy"], kinds: ["PodDisruptionBudget", "PodSecurityPolicy"] },
        { apiGroups: ["node.k8s.io"], kinds: ["RuntimeClass"] },
      ],
    },
    parameters: {
      kvs: [
        { deprecatedAPI: "batch/v1beta1", kinds: ["CronJob"], targetAPI: "batch/v1" },
        { deprecatedAPI: "discovery.k8s.io/v1beta1", kinds: ["EndpointSlice"], targetAPI: "discovery.k8s.io/v1" },
        { deprecatedAPI: "events.k8s.io/v1beta1", kinds: ["Event"], targetAPI: "events.k8s.io/v1" },
        { deprecatedAPI: "autoscaling/v2beta1", kinds: ["HorizontalPodAutoscaler"], targetAPI: "autoscaling/v2" },
        { deprecatedAPI: "policy/v1beta1", kinds: ["PodDisruptionBudget"], targetAPI: "policy/v1" },
        { deprecatedAPI: "policy/v1beta1", kinds: ["PodSecurityPolicy"], targetAPI: "None" },
        { deprecatedAPI: "node.k8s.io/v1beta1", kinds: ["RuntimeClass"], targetAPI: "node.k8s.io/v1" },
      ],
      k8sVersion: 1.25,
    },
  }),
  constraint<Parameters>({
    name: "verify-1.26",
    enforcementAction: "dryrun",
    match: {
      kinds: [
        { apiGroups: ["flowcontrol.apiserver.k8s.io"], kinds: ["FlowSchema", "PriorityLevelConfiguration"] },
        { apiGroups: ["autoscaling"], kinds: ["HorizontalPodAutoscaler"] },
      ],
    },
    parameters: {
      kvs: [
        { deprecatedAPI: "flowcontrol.apiserver.k8s.io/v1beta1", kinds: ["FlowSchema", "PriorityLevelConfiguration"], targetAPI: "flowcontrol.apiserver.k8s.io/v1beta3" },
        { deprecatedAPI: "autoscaling/v2beta2", kinds: ["HorizontalPodAutoscaler"], targetAPI: "autoscaling/v2" },
      ],
      k8sVersion: 1.26,
    },
  }),
  constraint<Parameters>({
    name: "verify-1.27",
    enforcementAction: "dryrun",
    match: { kinds: [{ apiGroups: ["storage.k8s.io"], kinds: ["CSIStorageCapacity"] }] },
    parameters: {
      kvs: [{ deprecatedAPI: "storage.k8s.io/v1beta1", kinds: ["CSIStorageCapacity"], targetAPI: "storage.k8s.io/v1" }],
      k8sVersion: 1.27,
    },
  }),
  constraint<Parameters>({
    name: "verify-1.29",
    enforcementAction: "dryrun",
    match: { kinds: [{ apiGroups: ["flowcontrol.apiserver.k8s.io"], kinds: ["FlowSchema", "PriorityLevelConfiguration"] }] },
    parameters: {
      kvs: [{ deprecatedAPI: "flowcontrol.apiserver.k8s.io/v1beta2", kinds: ["FlowSchema", "PriorityLevelConfiguration"], targetAPI: "flowcontrol.apiserver.k8s.io/v1beta3" }],
      k8sVersion: 1.29,
    },
  }),
];
