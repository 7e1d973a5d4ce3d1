// Surviving mutants of the gatekeeper-library ports (referential group), explained (see test/fault-injection.test.ts).
// Most are in the helpers of policies/lib/referential.ts (typeRank, regoText, scalarEquals), compiled into
// each policy's Rego as `else` chains: a guard that an earlier branch already implies, or a branch that the
// policy's callers never reach.
import type { Listed } from "./listed.js";

/** typeRank's object branch: 5 is the top rank, and ranks are only compared with each other (equality, `<`), so 6 orders alike. */
const TOP_RANK = "typeRank's last branch (objects): 5 is the highest rank and ranks are only compared with one another (gkc_strict_equal, gkc_lt), so 6 keeps every comparison's outcome";
/** regoText's null branch: true and false were taken by the branches before it. */
const TEXT_NULL_BOOLEAN = "regoText's null branch: `true` and `false` are taken by the two branches before it, so `not value == true` and `not value == false` both hold for every value that reaches it";
const TEXT_NOT_NUMBER = "regoText's later branch: its second branch already takes every number, so `not is_number(value)` holds for every value that reaches it";
/**
 * scalarEquals' third branch (a not null and not a scalar: false) in a policy where every caller only tests the
 * result's truthiness: the mutated branch fails instead, and the chain's default set() is falsy like false.
 */
const SCALAR_THIRD_FALSY = "scalarEquals' third branch gives false for a non-scalar `a`; the mutated guard can never hold (an earlier branch takes those values), so the chain gives its default set() instead, and every caller only tests truthiness (gkc_and, gkc_not, gkc_truthy), where set() and false agree";

/** Mutants no input can kill, each with the reason. */
export const EQUIVALENT: readonly Listed[] = [
  {
    kind: "K8sHorizontalPodAutoscaler",
    operator: "remove-condition",
    before: "not is_number(value)",
    after: "",
    reason: TEXT_NOT_NUMBER,
  },
  {
    kind: "K8sHorizontalPodAutoscaler",
    operator: "boolean",
    before: "not value == true",
    after: "not value == false",
    reason: TEXT_NULL_BOOLEAN,
  },
  {
    kind: "K8sHorizontalPodAutoscaler",
    operator: "number",
    before: "result := 5",
    after: "result := 6",
    reason: TOP_RANK,
  },
  {
    kind: "K8sPodDisruptionBudget",
    operator: "remove-condition",
    before: "not value == null",
    after: "",
    reason: "typeRank's string branch: its first branch already takes null, so `not value == null` holds for every value that reaches it",
  },
  {
    kind: "K8sPodDisruptionBudget",
    operator: "boolean",
    before: "not value == false",
    after: "not value == true",
    reason: TEXT_NULL_BOOLEAN,
  },
  {
    kind: "K8sReplicaLimits",
    operator: "relational",
    before: "result := gkc_and(a == false, b == true)",
    after: "result := gkc_and(a != false, b == true)",
    reason:
      "regoLess's last branch (same rank, not two numbers or strings): the mutant differs only for a == b == true (true instead of false), and every use is regoLess(x, y) || scalarEquals(x, y) (regoLessOrEqual, regoGreaterOrEqual), which is true for two `true`s either way",
  },
  {
    kind: "K8sReplicaLimits",
    operator: "remove-condition",
    before: "not value == null",
    after: "",
    reason: "typeRank's array branch: its first branch already takes null, so `not value == null` holds for every value that reaches it",
  },
  {
    kind: "K8sReplicaLimits",
    operator: "remove-condition",
    before: "not is_string(value)",
    after: "",
    reason: "regoText's null branch: its first branch already takes every string, so `not is_string(value)` holds for every value that reaches it",
  },
  {
    kind: "K8sReplicaLimits",
    operator: "number",
    before: "result := 5",
    after: "result := 6",
    reason: TOP_RANK,
  },
  {
    kind: "K8sStorageClass",
    operator: "boolean",
    before: "not value == true",
    after: "not value == false",
    reason: TEXT_NULL_BOOLEAN,
  },
  {
    kind: "K8sUniqueIngressHost",
    operator: "drop-not",
    before: "not is_boolean(a)",
    after: "is_boolean(a)",
    reason: `${SCALAR_THIRD_FALSY} (identical's result only goes through gkc_not; jsonEquals', which this branch reaches for a missing host, only through gkc_truthy in hasHost)`,
  },
  {
    kind: "K8sUniqueIngressHost",
    operator: "boolean",
    before: "not value == false",
    after: "not value == true",
    reason: TEXT_NULL_BOOLEAN,
  },
  {
    kind: "K8sUniqueServiceSelector",
    operator: "relational",
    before: "not a == null",
    after: "not a != null",
    reason: `${SCALAR_THIRD_FALSY} (a null \`a\` is taken by the first branch; identical's result only goes through gkc_and and \`not gkc_truthy\`)`,
  },
  {
    kind: "K8sUniqueServiceSelector",
    operator: "drop-not",
    before: "not is_number(a)",
    after: "is_number(a)",
    reason: `${SCALAR_THIRD_FALSY} (a number \`a\` is taken by the second branch; identical's result only goes through gkc_and and \`not gkc_truthy\`)`,
  },
  {
    kind: "K8sUniqueServiceSelector",
    operator: "remove-condition",
    before: "gkc_truthy(gkc_or(gkc_or(is_string(a), is_number(a)), is_boolean(a)))",
    after: "",
    reason:
      "scalarEquals is only called by identical, on metadata.namespace and metadata.name of a synced Service: data.inventory.namespace[ns][v][kind][name] holds only objects whose namespace and name are those non-empty strings (Gatekeeper's sync keys objects by them; inventoryOf does the same), so `a` is always a string and this guard always holds",
  },
  {
    kind: "K8sUniqueServiceSelector",
    operator: "boolean",
    before: "result := false",
    after: "result := true",
    reason:
      "scalarEquals' third branch (a non-scalar `a`) is unreachable: it is only called by identical, on metadata.namespace and metadata.name of a synced Service, which data.inventory (keyed by them; inventoryOf likewise) makes non-empty strings",
  },
  {
    kind: "K8sUniqueServiceSelector",
    operator: "remove-condition",
    before: "gkc_truthy(gkc_is_object(versions))",
    after: "",
    reason:
      "data.inventory.namespace[ns] is always an apiVersion → kind → name map (Gatekeeper's sync builds it so, as inventoryOf does), so the guard always holds; only a hand-made inventory whose namespace entry is an array or string could tell the two apart",
  },
  {
    kind: "NoUpdateServiceAccount",
    operator: "relational",
    before: "not a == null",
    after: "not a != null",
    reason:
      "scalarEquals' third branch (a not null and not a scalar) is unreachable: its only caller is jsonEquals' third branch, after both names were found defined, so `a` there is a JSON scalar, which the first two branches take",
  },
  {
    kind: "NoUpdateServiceAccount",
    operator: "boolean",
    before: "result := false",
    after: "result := true",
    reason:
      "scalarEquals' third branch (a not null and not a scalar) is unreachable: its only caller is jsonEquals' third branch, after both names were found defined, so `a` there is a JSON scalar, which the first two branches take",
  },
  {
    kind: "VerifyDeprecatedAPI",
    operator: "remove-condition",
    before: "not is_number(value)",
    after: "",
    reason: TEXT_NOT_NUMBER,
  },
  {
    kind: "VerifyDeprecatedAPI",
    operator: "boolean",
    before: "not value == false",
    after: "not value == true",
    reason: TEXT_NULL_BOOLEAN,
  },
];

/** Mutants an input would kill that the fixtures and generators lack: reported weaknesses. */
export const KNOWN_GAPS: readonly Listed[] = [];
