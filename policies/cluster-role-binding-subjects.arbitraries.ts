// Generators for K8sClusterRoleBindingSubjects: ClusterRoleBindings whose subjects' kinds, names
// and namespaces are drawn from pools that the allow-list patterns almost match (system: names,
// kube-system and its near misses, e-mail users), and allow-lists of prefix, suffix and exact
// patterns over the same pools.
import fc from "fast-check";
import { json, nearMissOf } from "gkc/arbitraries";
import { binding } from "gkc/arbitraries/rbac";
import type { Parameters } from "./cluster-role-binding-subjects.js";

const SUBJECT_NAMES = ["system:masters", "system:nodes", "system:kube-scheduler", "coredns", "admin@example.com", "alice", "systemd", "default"];
const NAMESPACES = ["kube-system", "kube-system-evil", "default", "kube", ""];

export const objects: fc.Arbitrary<unknown> = binding({
  kind: fc.constant("ClusterRoleBinding"),
  roleNames: ["cluster-admin", "view"],
  namespaces: NAMESPACES,
  subjectNames: SUBJECT_NAMES,
});

const PATTERNS = [
  "Group:system:*",
  "User:system:*",
  "ServiceAccount:kube-system:*",
  "User:admin@example.com",
  "Group:system:masters",
  "*@example.com",
  "ServiceAccount:*",
  "*:default",
  "*",
  "",
  "ServiceAccount:kube-system:coredns",
  "User:alice",
  "ServiceAccount::default",
];

export const parameters: fc.Arbitrary<Parameters> = json(
  fc.record({
    allowedSubjects: fc.array(fc.oneof({ arbitrary: fc.constantFrom(...PATTERNS), weight: 6 }, { arbitrary: nearMissOf(PATTERNS.filter((p) => p !== "")), weight: 1 }), {
      maxLength: 4,
    }),
  }),
);
