// A Constraint's `spec.match` as a ValidatingAdmissionPolicy applies it. The policy is one per
// template and a binding one per constraint, but a binding can only narrow by label selectors:
// the rest of the match travels in the parameter object (`spec.match`, a copy of the
// constraint's) and is read by the policy's matchConditions, with the semantics of gkc's audit
// (audit/match.ts, Gatekeeper's webhook matcher):
// - kinds: an entry without kinds (or apiGroups), or with `*`, matches every kind (group);
// - namespaces/excludedNamespaces: globs (`prefix*`, `*suffix`, `*infix*`) on the object's
//   namespace, on its own name for a Namespace; an object of another cluster-scoped kind is never
//   ruled out by them;
// - name: a glob on metadata.name, or on metadata.generateName for `prefix*` and `*infix*`;
// - labelSelector and namespaceSelector: the binding's objectSelector and namespaceSelector
//   (Kubernetes applies them as Gatekeeper does: a Namespace by its own labels, another
//   cluster-scoped object never ruled out by a namespace selector);
// - scope other than `*`: no binding field expresses it; refused.
// Each condition holds for an object (or the old object on UPDATE) that matches, as Gatekeeper
// matches either.
import type { Match } from "../../sdk/authoring.js";

export interface MatchCondition {
  readonly name: string;
  readonly expression: string;
}

const MATCH = "params.spec.match";

/** True when `spec.match.<field>` is absent: the condition does not restrict. */
function absent(field: string): string {
  return `!has(params.spec) || !has(${MATCH}) || !has(${MATCH}.${field})`;
}

/** wildcard.Matches: `*x*` contains, `*x` suffix, `x*` prefix, else equal (`*` and `**` match all). */
function glob(pattern: string, candidate: string): string {
  const p = pattern;
  return (
    `(${p}.startsWith("*") && ${p}.endsWith("*") ? ${candidate}.contains(size(${p}) > 1 ? ${p}.substring(1, size(${p}) - 1) : "")` +
    ` : ${p}.startsWith("*") ? ${candidate}.endsWith(${p}.substring(1))` +
    ` : ${p}.endsWith("*") ? ${candidate}.startsWith(${p}.substring(0, size(${p}) - 1))` +
    ` : ${candidate} == ${p})`
  );
}

/** wildcard.MatchesGenerateName: only `x*` and `*x*` can match a generateName. */
function globGenerateName(pattern: string, candidate: string): string {
  const p = pattern;
  return (
    `(${p}.startsWith("*") && ${p}.endsWith("*") ? ${candidate}.contains(size(${p}) > 1 ? ${p}.substring(1, size(${p}) - 1) : "")` +
    ` : !${p}.startsWith("*") && ${p}.endsWith("*") ? ${candidate}.startsWith(${p}.substring(0, size(${p}) - 1))` +
    ` : false)`
  );
}

const IS_NAMESPACE = `(request.kind.group == "" && request.kind.kind == "Namespace")`;
const metadataString = (o: string, field: string): string => `(has(${o}.metadata.${field}) && type(${o}.metadata.${field}) == string ? ${o}.metadata.${field} : "")`;

/** Holds when one of the request's objects satisfies `test(o)`. */
const eitherObject = (test: (o: string) => string): string => `[object, oldObject].exists(o, o != null && ${test("o")})`;

/** A namespace list's condition: whether a glob of the list matches the namespace the object is in. */
function namespaceCondition(field: "namespaces" | "excludedNamespaces", listed: boolean): string {
  const list = `${MATCH}.${field}`;
  const inList = `${list}.exists(p, ${glob("p", "n")})`;
  // n: the namespace seen (a Namespace's own name); "" for another cluster-scoped object.
  const seen = (o: string): string => `(${IS_NAMESPACE} ? ${metadataString(o, "name")} : ${metadataString(o, "namespace")})`;
  return `${absent(field)} || size(${list}) == 0 || ` + eitherObject((o) => `[${seen(o)}].exists(n, !${IS_NAMESPACE} && n == "" || ${listed ? "" : "!"}${inList})`);
}

const KINDS =
  `${absent("kinds")} || size(${MATCH}.kinds) == 0 || ${MATCH}.kinds.exists(k, ` +
  `(!has(k.kinds) || size(k.kinds) == 0 || "*" in k.kinds || request.kind.kind in k.kinds) && ` +
  `(!has(k.apiGroups) || size(k.apiGroups) == 0 || "*" in k.apiGroups || request.kind.group in k.apiGroups))`;

const NAME =
  `${absent("name")} || ${MATCH}.name == "" || [${MATCH}.name].exists(p, ` +
  eitherObject((o) => `[${metadataString(o, "name")}].exists(n, ${glob("p", "n")}) || [${metadataString(o, "generateName")}].exists(n, ${globGenerateName("p", "n")})`) +
  `)`;

/** The policy's matchConditions, in Gatekeeper's matcher order. */
export const MATCH_CONDITIONS: readonly MatchCondition[] = [
  { name: "gkc-match-kinds", expression: KINDS },
  { name: "gkc-match-namespaces", expression: namespaceCondition("namespaces", true) },
  { name: "gkc-match-excluded-namespaces", expression: namespaceCondition("excludedNamespaces", false) },
  { name: "gkc-match-name", expression: NAME },
];

/**
 * The API groups the policy needs to see: the union of its constraints' kinds' groups, or every
 * group when one constraint matches every group (no kinds, an entry without apiGroups, or `*`).
 * Resources stay `*`: a kind's resource name is known only to the API server's discovery.
 */
export function apiGroupsOf(matches: readonly Match[]): string[] {
  const groups = new Set<string>();
  for (const match of matches) {
    if (!match.kinds || match.kinds.length === 0) return ["*"];
    for (const entry of match.kinds) {
      if (entry.apiGroups.length === 0 || entry.apiGroups.includes("*")) return ["*"];
      for (const group of entry.apiGroups) groups.add(group);
    }
  }
  return groups.size ? [...groups].sort() : ["*"];
}

/** The part of a match a binding cannot express, or undefined. */
export function inexpressible(match: Match): string | undefined {
  if (match.scope !== undefined && match.scope !== "*") return `match.scope ${JSON.stringify(match.scope)}: a ValidatingAdmissionPolicyBinding cannot select by scope`;
  const known = new Set(["kinds", "namespaces", "excludedNamespaces", "labelSelector", "namespaceSelector", "scope", "name"]);
  const unknown = Object.keys(match).filter((k) => !known.has(k));
  if (unknown.length) return `match.${unknown[0]}: not expressed in a ValidatingAdmissionPolicy`;
  return undefined;
}
