// The Kubernetes security checklist in one bundle: `kubectl apply -f out/bundles/security-baseline.yaml`
// on a cluster with Gatekeeper installed. Every constraint starts where its policy declares it
// (dryrun, except the ClusterRoleBinding check, which warns, and the NetworkPolicy check, which is
// enforced in CI only); promote each with `gkc promote` once audits are clean.
import { defineBundle } from "gkc/sdk";

export default defineBundle({
  name: "security-baseline",
  description:
    "Pod Security Standards (restricted for application namespaces, baseline elsewhere, privileged only for system namespaces), read-only root filesystems, dedicated service accounts without automounted tokens, RBAC least privilege, namespace Pod Security labels, default-deny NetworkPolicies with DNS egress, Istio STRICT mTLS and approved registries.",
  constraints: [
    "K8sPodSecurityStandard/pss-baseline",
    "K8sPodSecurityStandard/pss-restricted",
    "K8sReadOnlyRootFilesystem/read-only-root-filesystem",
    "K8sDedicatedServiceAccount/workloads-use-dedicated-service-accounts",
    "K8sAutomountServiceAccountToken/pods-do-not-automount-api-tokens",
    "K8sRBACLeastPrivilege/rbac-least-privilege",
    "K8sCICDNoPodDelete/cicd-identities-cannot-delete-pods",
    "K8sClusterRoleBindingSubjects/cluster-role-binding-subjects",
    "K8sNamespacePodSecurityLabels/namespaces-enforce-pod-security",
    "K8sNamespaceNetworkPolicies/namespaces-must-have-network-policies",
    "K8sIstioStrictMTLS/istio-mtls-must-be-strict",
    "K8sApprovedRegistries/images-from-approved-registries",
  ],
});
