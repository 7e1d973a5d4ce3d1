// Surviving mutants of the gatekeeper-library ports (general group), explained (see test/fault-injection.test.ts).
import type { Listed } from "./listed.js";

/** Mutants no input can kill, each with the reason. */
export const EQUIVALENT: readonly Listed[] = [
  ...([
    ["relational", "input.parameters.disallowAuthenticated != false"],
    ["add-not", "not input.parameters.disallowAuthenticated == false"],
  ] as const).map(
    ([operator, after]): Listed => ({
      kind: "K8sDisallowAnonymous",
      operator,
      line: 42,
      before: "input.parameters.disallowAuthenticated == false",
      after,
      reason:
        "the rule (roleRef name not a string, disallowAuthenticated false, a system:anonymous subject) has a twin with the same message for each other setting: disallowAuthenticated absent (gkc_shared_2, lines 16-24) and set but not false (lines 60-70); so where the edit makes it fire, a twin already does",
    }),
  ),
  {
    kind: "K8sHorizontalPodAutoscaler",
    operator: "remove-condition",
    line: 19,
    before: "input.review.object.kind != set()",
    after: "",
    reason: "the line before needs input.review.kind.kind to be HorizontalPodAutoscaler, and every review has the object's kind there: the API server sends both, and the verifier derives the review's from the object's",
  },
  {
    kind: "K8sBlockWildcardIngress",
    operator: "remove-condition",
    line: 10,
    before: "is_string(host)",
    after: "",
    reason: 'the empty-host rule: its next condition host == "" holds for a string only',
  },
  {
    kind: "K8sBlockWildcardIngress",
    operator: "remove-condition",
    line: 21,
    before: "is_string(host)",
    after: "",
    reason:
      "the wildcard rule: its next condition contains(host, \"*\") is a type error, so undefined, for a host that is not a string (and the message concat()s the host too)",
  },
  {
    kind: "K8sHttpsOnly",
    operator: "remove-condition",
    line: 18,
    before: "is_string(input.review.object.apiVersion)",
    after: "",
    reason:
      "the next condition gkc_shared_1 is gkc_regex_matches(…, apiVersion), whose only true branch needs is_string(value): it already excludes a non-string apiVersion",
  },
];

/** Mutants an input would kill that the fixtures and generators lack: reported weaknesses. */
export const KNOWN_GAPS: readonly Listed[] = [];
