// Surviving mutants of the core gkc policies, explained (see test/fault-injection.test.ts).
import type { Listed } from "./listed.js";

/**
 * boundRole's third branch (roleKind "Role", a RoleBinding, a namespace that is not a string: set())
 * gives what the branches after it give for any input it takes or, mutated, newly takes or leaves:
 * the fourth branch also needs roleKind == "Role" and a RoleBinding, and for a namespace that is
 * not a string it either fails (namespace absent, then the last branch gives set()) or gives
 * gkc_first of a scan of gkc_inventory_namespaced_objects(namespace, ...), which is [] for a
 * non-string namespace, so set() again. roleKind "ClusterRole" never gets here (the second branch
 * always gives a value), and a non-string roleName neither (the first branch).
 */
const BOUND_ROLE_NON_STRING_NAMESPACE =
  "boundRole's third branch (Role, RoleBinding, namespace not a string: set()) is redundant: without it (or taken for other inputs) the fourth branch fails or scans gkc_inventory_namespaced_objects of a non-string namespace, which is [], and gkc_first([]) is set(); every other input reaching it also ends in set() (the fourth branch needs Role and RoleBinding, the last gives set())";

/**
 * Systematic mutants no input can kill: the mutated Rego means what the original means. Each must
 * be generated and must survive (a killed one was wrongly listed).
 */
export const EQUIVALENT: readonly Listed[] = [

  {
    kind: "K8sDedicatedServiceAccount",
    operator: "string-constant",
    line: 22,
    before: 'result := "default"',
    after: 'result := "object"',
    reason:
      "serviceAccountOf's first branch (a spec that is no object) is never taken here: the spec is gkc_pod_spec's, an object or set(), and the rule needs gkc_shared_2 == false (neither set() nor null), so the spec it passes is an object",
  },
  ...(["K8sAutomountServiceAccountToken", "K8sDedicatedServiceAccount"] as const).map(
    (kind): Listed => ({
      kind,
      operator: "remove-condition",
      before: "is_string(metadata.generateName)",
      after: "",
      reason:
        "displayName's generateName branch ends in concat(\"\", [generateName, \"*\"]), a type error for any generateName that is not a string, which OPA evaluates as undefined (builtin errors are not strict in Gatekeeper or the wasm SDK): the branch fails and the else gives <unnamed> either way",
    }),
  ),
  {
    kind: "K8sNamingConvention",
    operator: "remove-condition",
    before: "is_string(input.review.object.metadata.name)",
    after: "",
    reason: "the length rule's message concat()s the name itself (gkc_shared_4), and concat is undefined for a non-string element, so the rule fails for a name that is not a string either way",
  },
  {
    kind: "K8sApprovedRegistries",
    operator: "remove-condition",
    line: 17,
    before: "is_string(image)",
    after: "",
    reason:
      "the invalid-reference rule: without the test a non-string image (container.image defined) reaches gkc_parse_image, which is set() for a non-string, so the reference counts as missing, but the message concat()s the image itself, and concat is undefined for a non-string element, so the rule still fails",
  },
  {
    kind: "K8sCICDNoPodDelete",
    operator: "string-constant",
    line: 57,
    before: 'roleKind == "Role"',
    after: 'roleKind == "RoleBinding"',
    reason: BOUND_ROLE_NON_STRING_NAMESPACE,
  },
  { kind: "K8sCICDNoPodDelete", operator: "add-not", line: 57, before: 'roleKind == "Role"', after: 'not roleKind == "Role"', reason: BOUND_ROLE_NON_STRING_NAMESPACE },
  { kind: "K8sCICDNoPodDelete", operator: "remove-condition", line: 58, before: 'object_2.kind == "RoleBinding"', after: "", reason: BOUND_ROLE_NON_STRING_NAMESPACE },
  {
    kind: "K8sCICDNoPodDelete",
    operator: "remove-condition",
    line: 22,
    before: "is_object(rule)",
    after: "",
    reason:
      "grantsPodDelete's next steps bind object.get(rule, [\"apiGroups\"], set()) and the like, and object.get of a rule that is not an object is a type error, which OPA evaluates as undefined (builtin errors are not strict in Gatekeeper or the wasm SDK): the binding fails as the test did",
  },
  {
    kind: "K8sClusterRoleBindingSubjects",
    operator: "remove-condition",
    before: "is_object(subject)",
    after: "",
    reason:
      "subjectKey reads a non-object subject with object.get, which is undefined for anything but an object, so both its branches fail and the key is set(); the message then concat()s set(), which concat refuses, so the rule still fails",
  },
  {
    kind: "K8sClusterRoleBindingSubjects",
    operator: "remove-condition",
    before: "is_string(roleRef.name)",
    after: "",
    reason:
      "roleSuffix's first branch: without the test a non-string roleRef.name reaches concat, which is undefined for a non-string element, so the branch fails and the else gives \"\" as before (an absent name leaves roleRef.name undefined)",
  },
  {
    kind: "K8sNamespacePodSecurityLabels",
    operator: "number",
    line: 36,
    before: "gkc_shared_10 >= 0",
    after: "gkc_shared_10 >= 1",
    reason:
      "the audit label's rule that its level is weaker than the enforce level (gkc_shared_10, enforce's rank): the mutant only refuses an enforce rank of 0, where the rule's next test, the audit rank (at least 0 by the line before) below the enforce rank, fails anyway",
  },
];

/**
 * Systematic mutants some input kills, but the fixtures and RUNS generated inputs may not contain
 * one (a gap in the policy's fixtures or arbitraries, reported rather than hidden). They may survive
 * or be killed (it depends on the seed); they count against the kill rate.
 */
export const KNOWN_GAPS: readonly Listed[] = [];
