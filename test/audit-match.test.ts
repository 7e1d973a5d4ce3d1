// audit/match.ts and audit/labels.ts (gkc's one implementation of Gatekeeper's match semantics,
// used by audit, conformance and the gator tests) against Gatekeeper v3.23.0, table-driven. Each
// row is a case read from pkg/mutation/match/match.go, pkg/wildcard, apimachinery's label
// selectors, gator test's Namespace (pkg/gator/expand) or gator verify's (pkg/target/matcher.go,
// ns_cache.go); test/match-gator.test.ts checks the same semantics against the real gator on
// generated match blocks, and test/audit-parity.test.ts on a corpus.
import { describe, expect, it } from "vitest";
import { compileSelector, labelKeyErrors, labelValueErrors, selectorMatches } from "../audit/labels.js";
import {
  autorejectMessage,
  cachedNamespaceFor,
  compileMatch,
  gatorNamespaceFor,
  matchAny,
  matches,
  matchTarget,
  namespaceCacheOf,
  namespacesOf,
  objectLabels,
  wildcardMatches,
  wildcardMatchesGenerateName,
  type CompiledMatch,
  type MatchOutcome,
} from "../audit/match.js";

type Obj = Record<string, unknown>;

const ns = (name: string, labels?: Record<string, string>): Obj => ({ apiVersion: "v1", kind: "Namespace", metadata: { name, ...(labels ? { labels } : {}) } });
const pod = (name: string, namespace?: string, labels?: Record<string, unknown>, extra: Obj = {}): Obj => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, ...(namespace !== undefined ? { namespace } : {}), ...(labels ? { labels } : {}), ...extra },
});
const deployment = (name: string, namespace: string, labels?: Record<string, string>): Obj => ({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name, namespace, ...(labels ? { labels } : {}) } });
const clusterRole = (name: string, labels?: Record<string, string>): Obj => ({ apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", metadata: { name, ...(labels ? { labels } : {}) } });

/** The Namespaces every row sees, as gator would from the input. */
const NAMESPACES = [ns("prod", { env: "prod", team: "a" }), ns("dev", { env: "dev" }), ns("kube-system"), ns("team-x", { env: "staging" })];

function compile(match: unknown): CompiledMatch | undefined {
  const compiled = compileMatch(match);
  if ("errors" in compiled) throw new Error(`invalid match in test: ${compiled.errors.join("; ")}`);
  return compiled.match;
}

function run(match: unknown, object: Obj): MatchOutcome {
  const target = matchTarget(object, gatorNamespaceFor(object, namespacesOf(NAMESPACES)));
  return matches(compile(match), target);
}

type Expected = boolean | "error";
const expectOutcome = (outcome: MatchOutcome, expected: Expected): void => {
  if (expected === "error") expect(outcome).toEqual({ error: "failed to run Match criteria: namespace selector for namespace-scoped object but missing Namespace" });
  else expect(outcome).toEqual({ matched: expected });
};

describe("wildcards (pkg/wildcard)", () => {
  it.each([
    ["kube-*", "kube-system", true],
    ["kube-*", "kube", false],
    ["kube-*", "kube-", true],
    ["*-system", "kube-system", true],
    ["*-system", "system", false],
    ["*system*", "kube-system-x", true],
    ["*", "anything", true],
    ["*", "", true],
    ["**", "", true],
    ["*a*", "", false],
    ["", "", true],
    ["", "x", false],
    ["prod", "prod", true],
    ["prod", "production", false],
    ["prod", "", false],
  ])("Matches(%j, %j) = %s", (pattern, candidate, expected) => {
    expect(wildcardMatches(pattern, candidate)).toBe(expected);
  });
  it.each([
    ["web-*", "web-", true],
    ["web-*", "api-", false],
    ["*-web", "x-web", false],
    ["*eb*", "web-", true],
    ["web-", "web-", false],
  ])("MatchesGenerateName(%j, %j) = %s", (pattern, candidate, expected) => {
    expect(wildcardMatchesGenerateName(pattern, candidate)).toBe(expected);
  });
});

describe("match.Matches, as gator runs it", () => {
  const rows: [string, unknown, Obj, Expected][] = [
    // No match block, empty match block.
    ["no match block matches everything", undefined, clusterRole("r"), true],
    ["an empty match block matches everything", {}, pod("p", "orphan"), true],
    // kinds
    ["kinds: exact group and kind", { kinds: [{ apiGroups: [""], kinds: ["Pod"] }] }, pod("p", "prod"), true],
    ["kinds: wrong group", { kinds: [{ apiGroups: ["apps"], kinds: ["Pod"] }] }, pod("p", "prod"), false],
    ["kinds: wrong kind", { kinds: [{ apiGroups: [""], kinds: ["Service"] }] }, pod("p", "prod"), false],
    ["kinds: * group", { kinds: [{ apiGroups: ["*"], kinds: ["Deployment"] }] }, deployment("d", "prod"), true],
    ["kinds: * kind", { kinds: [{ apiGroups: ["apps"], kinds: ["*"] }] }, deployment("d", "prod"), true],
    ["kinds: an entry without kinds matches every kind of its groups", { kinds: [{ apiGroups: ["apps"] }] }, deployment("d", "prod"), true],
    ["kinds: an entry without apiGroups matches the kind in any group", { kinds: [{ kinds: ["Deployment"] }] }, deployment("d", "prod"), true],
    ["kinds: an empty entry matches everything", { kinds: [{}] }, clusterRole("r"), true],
    ["kinds: an empty list matches everything", { kinds: [] }, clusterRole("r"), true],
    ["kinds: any entry may match", { kinds: [{ apiGroups: ["apps"], kinds: ["Deployment"] }, { apiGroups: [""], kinds: ["Pod"] }] }, pod("p", "prod"), true],
    ["kinds: group and kind must match in the same entry", { kinds: [{ apiGroups: ["apps"], kinds: ["Pod"] }, { apiGroups: [""], kinds: ["Deployment"] }] }, pod("p", "prod"), false],
    ["kinds: the version is ignored", { kinds: [{ apiGroups: ["apps"], kinds: ["Deployment"] }] }, { ...deployment("d", "prod"), apiVersion: "apps/v1beta2" }, true],
    // scope: gator gives an object without a namespace an empty (non-nil) Namespace
    ["scope Cluster: a Namespace", { scope: "Cluster" }, ns("prod"), true],
    ["scope Cluster: a ClusterRole has gator's empty Namespace, so it is not cluster-scoped", { scope: "Cluster" }, clusterRole("r"), false],
    ["scope Cluster: a namespaced Pod", { scope: "Cluster" }, pod("p", "prod"), false],
    ["scope Namespaced: a namespaced Pod", { scope: "Namespaced" }, pod("p", "prod"), true],
    ["scope Namespaced: a Pod in an absent namespace still has metadata.namespace", { scope: "Namespaced" }, pod("p", "orphan"), true],
    ["scope Namespaced: a Namespace is never namespaced", { scope: "Namespaced" }, ns("prod"), false],
    ["scope Namespaced: a ClusterRole (gator's empty Namespace)", { scope: "Namespaced" }, clusterRole("r"), true],
    ["scope Namespaced: a Pod without metadata.namespace", { scope: "Namespaced" }, pod("p"), true],
    ["scope *: everything", { scope: "*" }, ns("prod"), true],
    ["scope with a typo matches everything", { scope: "cluster" }, pod("p", "prod"), true],
    // namespaces
    ["namespaces: exact", { namespaces: ["prod"] }, pod("p", "prod"), true],
    ["namespaces: other", { namespaces: ["prod"] }, pod("p", "dev"), false],
    ["namespaces: prefix glob", { namespaces: ["team-*"] }, pod("p", "team-x"), true],
    ["namespaces: suffix glob", { namespaces: ["*-system"] }, pod("p", "kube-system"), true],
    ["namespaces: a Namespace is matched by its own name", { namespaces: ["prod"] }, ns("prod"), true],
    ["namespaces: a Namespace of another name", { namespaces: ["prod"] }, ns("dev"), false],
    ["namespaces: an absent Namespace still uses metadata.namespace", { namespaces: ["orphan"] }, pod("p", "orphan"), true],
    ["namespaces: a cluster-scoped object compares the empty name", { namespaces: ["prod"] }, clusterRole("r"), false],
    ["namespaces: * matches the empty name of a cluster-scoped object", { namespaces: ["*"] }, clusterRole("r"), true],
    ["namespaces: default without a Namespace object (gator invents it)", { namespaces: ["default"] }, pod("p", "default"), true],
    // excludedNamespaces
    ["excludedNamespaces: excluded", { excludedNamespaces: ["kube-*"] }, pod("p", "kube-system"), false],
    ["excludedNamespaces: not excluded", { excludedNamespaces: ["kube-*"] }, pod("p", "prod"), true],
    ["excludedNamespaces: a Namespace excludes itself", { excludedNamespaces: ["kube-system"] }, ns("kube-system"), false],
    ["excludedNamespaces: a cluster-scoped object is not excluded by a name", { excludedNamespaces: ["prod"] }, clusterRole("r"), true],
    ["excludedNamespaces: * excludes cluster-scoped objects too", { excludedNamespaces: ["*"] }, clusterRole("r"), false],
    ["excludedNamespaces: an absent namespace by metadata.namespace", { excludedNamespaces: ["orph*"] }, pod("p", "orphan"), false],
    ["namespaces and excludedNamespaces both apply", { namespaces: ["team-*", "prod"], excludedNamespaces: ["prod"] }, pod("p", "prod"), false],
    // labelSelector
    ["labelSelector matchLabels", { labelSelector: { matchLabels: { app: "web" } } }, pod("p", "prod", { app: "web" }), true],
    ["labelSelector matchLabels, other value", { labelSelector: { matchLabels: { app: "web" } } }, pod("p", "prod", { app: "api" }), false],
    ["labelSelector In", { labelSelector: { matchExpressions: [{ key: "tier", operator: "In", values: ["a", "b"] }] } }, pod("p", "prod", { tier: "b" }), true],
    ["labelSelector In without the label", { labelSelector: { matchExpressions: [{ key: "tier", operator: "In", values: ["a"] }] } }, pod("p", "prod"), false],
    ["labelSelector NotIn without the label matches", { labelSelector: { matchExpressions: [{ key: "tier", operator: "NotIn", values: ["a"] }] } }, pod("p", "prod"), true],
    ["labelSelector NotIn with a listed value", { labelSelector: { matchExpressions: [{ key: "tier", operator: "NotIn", values: ["a"] }] } }, pod("p", "prod", { tier: "a" }), false],
    ["labelSelector Exists", { labelSelector: { matchExpressions: [{ key: "tier", operator: "Exists" }] } }, pod("p", "prod", { tier: "" }), true],
    ["labelSelector DoesNotExist", { labelSelector: { matchExpressions: [{ key: "tier", operator: "DoesNotExist" }] } }, pod("p", "prod", { tier: "x" }), false],
    ["labelSelector: requirements are ANDed", { labelSelector: { matchLabels: { app: "web" }, matchExpressions: [{ key: "tier", operator: "Exists" }] } }, pod("p", "prod", { app: "web" }), false],
    ["labelSelector {} selects everything", { labelSelector: {} }, pod("p", "prod"), true],
    ["labelSelector null is no condition", { labelSelector: null }, pod("p", "prod"), true],
    ["labelSelector: a non-string label value means no labels at all", { labelSelector: { matchLabels: { app: "web" } } }, pod("p", "prod", { app: "web", replicas: 3 }), false],
    ["labelSelector: no labels at all satisfy DoesNotExist", { labelSelector: { matchExpressions: [{ key: "app", operator: "DoesNotExist" }] } }, pod("p", "prod", { app: "web", replicas: 3 }), true],
    ["labelSelector on a Namespace reads its labels", { labelSelector: { matchLabels: { env: "prod" } } }, ns("prod", { env: "prod" }), true],
    // namespaceSelector
    ["namespaceSelector: the object's Namespace labels", { namespaceSelector: { matchLabels: { env: "prod" } } }, pod("p", "prod"), true],
    ["namespaceSelector: other labels", { namespaceSelector: { matchLabels: { env: "prod" } } }, pod("p", "dev"), false],
    ["namespaceSelector: a Namespace is matched by its own labels", { namespaceSelector: { matchLabels: { env: "prod" } } }, ns("x", { env: "prod" }), true],
    ["namespaceSelector: not the input's Namespace of that name", { namespaceSelector: { matchLabels: { env: "prod" } } }, ns("prod"), false],
    ["namespaceSelector: an absent Namespace is an error (autoreject)", { namespaceSelector: { matchLabels: { env: "prod" } } }, pod("p", "orphan"), "error"],
    ["namespaceSelector {}: an absent Namespace is still an error", { namespaceSelector: {} }, pod("p", "orphan"), "error"],
    ["namespaceSelector: default is invented without labels", { namespaceSelector: { matchLabels: { env: "prod" } } }, pod("p", "default"), false],
    ["namespaceSelector: default is invented, DoesNotExist matches", { namespaceSelector: { matchExpressions: [{ key: "env", operator: "DoesNotExist" }] } }, pod("p", "default"), true],
    ["namespaceSelector: cluster-scoped objects are tried against empty labels", { namespaceSelector: { matchLabels: { env: "prod" } } }, clusterRole("r", { env: "prod" }), false],
    ["namespaceSelector: cluster-scoped objects match NotIn", { namespaceSelector: { matchExpressions: [{ key: "env", operator: "NotIn", values: ["prod"] }] } }, clusterRole("r"), true],
    ["namespaceSelector: a Pod without metadata.namespace gets empty labels too", { namespaceSelector: { matchExpressions: [{ key: "env", operator: "Exists" }] } }, pod("p"), false],
    ["namespaceSelector: earlier matchers rule out before the error", { kinds: [{ apiGroups: [""], kinds: ["Service"] }], namespaceSelector: {} }, pod("p", "orphan"), false],
    ["namespaceSelector: labelSelector rules out before the error", { labelSelector: { matchLabels: { a: "b" } }, namespaceSelector: {} }, pod("p", "orphan"), false],
    ["namespaceSelector: name runs after it, so the error wins", { name: "other", namespaceSelector: {} }, pod("p", "orphan"), "error"],
    // name
    ["name: exact", { name: "web" }, pod("web", "prod"), true],
    ["name: other", { name: "web" }, pod("api", "prod"), false],
    ["name: prefix glob", { name: "web-*" }, pod("web-1", "prod"), true],
    ["name: suffix glob", { name: "*-1" }, pod("web-1", "prod"), true],
    ["name: infix glob", { name: "*eb*" }, pod("web-1", "prod"), true],
    ["name: a prefix glob also matches generateName", { name: "job-*" }, pod("x", "prod", undefined, { generateName: "job-" }), true],
    ["name: a suffix glob never matches generateName", { name: "*-job" }, pod("x", "prod", undefined, { generateName: "my-job" }), false],
    ["name: an empty name is no condition", { name: "" }, pod("x", "prod"), true],
    // source: gator reviews input objects as Original
    ["source All", { source: "All" }, pod("p", "prod"), true],
    ["source Original", { source: "Original" }, pod("p", "prod"), true],
    ["source Generated", { source: "Generated" }, pod("p", "prod"), false],
  ];
  it.each(rows)("%s", (_name, match, object, expected) => {
    expectOutcome(run(match, object), expected);
  });

  it("reads the Namespace's labels only when every value is a string", () => {
    expect(objectLabels(ns("x", { a: "b" }))).toEqual({ a: "b" });
    expect(objectLabels({ metadata: { labels: { a: "b", n: 1 } } })).toEqual({});
    expect(objectLabels({ metadata: { labels: ["a"] } })).toEqual({});
    expect(objectLabels({ metadata: "x" })).toEqual({});
  });

  it("uses the last Namespace object of a name, like gator", () => {
    const namespaces = namespacesOf([ns("a", { v: "1" }), ns("a", { v: "2" }), { apiVersion: "other.io/v1", kind: "Namespace", metadata: { name: "b" } }]);
    expect(namespaces.get("a")?.labels).toEqual({ v: "2" });
    expect(namespaces.has("b")).toBe(false); // not the core group
  });

  it("matches a Namespace object of another group as an ordinary cluster-scoped object", () => {
    const other = { apiVersion: "example.io/v1", kind: "Namespace", metadata: { name: "prod" } };
    expectOutcome(run({ scope: "Cluster" }, other), false);
    expectOutcome(run({ namespaces: ["prod"] }, other), false);
  });

  it("without gator's empty Namespace (the admission webhook), a cluster-scoped object is cluster-scoped", () => {
    const target = matchTarget(clusterRole("r"), undefined);
    expect(matches(compile({ scope: "Cluster" }), target)).toEqual({ matched: true });
    expect(matches(compile({ scope: "Namespaced" }), target)).toEqual({ matched: false });
    expect(matches(compile({ namespaces: ["prod"] }), target)).toEqual({ matched: true });
    expect(matches(compile({ namespaceSelector: { matchLabels: { a: "b" } } }), target)).toEqual({ matched: true });
  });

  it("builds the autoreject message as the constraint framework wraps the error", () => {
    expect(autorejectMessage("p", "failed to run Match criteria: boom")).toBe("unable to match constraints: error matching the requested object: p :failed to run Match criteria: boom");
  });
});

describe("match.Matches, as gator verify (and the webhook) runs it: the target's Namespace cache", () => {
  const cache = namespaceCacheOf(NAMESPACES);
  const verify = (match: unknown, object: Obj, requestNamespace?: string): MatchOutcome => {
    const metadata = object["metadata"] as { namespace?: unknown };
    const namespace = requestNamespace ?? (typeof metadata.namespace === "string" ? metadata.namespace : "");
    return matches(compile(match), matchTarget(object, cachedNamespaceFor(namespace, cache)));
  };
  const rows: [string, unknown, Obj, Expected][] = [
    ["scope Cluster: a ClusterRole (no Namespace) is cluster-scoped", { scope: "Cluster" }, clusterRole("r"), true],
    ["scope Namespaced: a ClusterRole is not", { scope: "Namespaced" }, clusterRole("r"), false],
    ["scope Namespaced: a Pod without metadata.namespace is not namespaced either", { scope: "Namespaced" }, pod("p"), false],
    ["scope Namespaced: a Pod in an absent namespace is (metadata.namespace)", { scope: "Namespaced" }, pod("p", "orphan"), true],
    ["namespaces cannot rule out a cluster-scoped object", { namespaces: ["prod"] }, clusterRole("r"), true],
    ["excludedNamespaces: * does not exclude a cluster-scoped object", { excludedNamespaces: ["*"] }, clusterRole("r"), true],
    ["namespaces: a Namespace still by its own name", { namespaces: ["dev"] }, ns("prod"), false],
    ["namespaces: an absent namespace by metadata.namespace", { namespaces: ["orph*"] }, pod("p", "orphan"), true],
    ["namespaceSelector: a cluster-scoped object always matches", { namespaceSelector: { matchLabels: { env: "prod" } } }, clusterRole("r"), true],
    ["namespaceSelector: the cached Namespace's labels", { namespaceSelector: { matchLabels: { env: "prod" } } }, pod("p", "prod"), true],
    ["namespaceSelector: other labels", { namespaceSelector: { matchLabels: { env: "prod" } } }, pod("p", "dev"), false],
    ["namespaceSelector: a Namespace by its own labels", { namespaceSelector: { matchLabels: { env: "prod" } } }, ns("x", { env: "prod" }), true],
    ["namespaceSelector: default is not invented, so it is an error", { namespaceSelector: { matchExpressions: [{ key: "env", operator: "DoesNotExist" }] } }, pod("p", "default"), "error"],
  ];
  it.each(rows)("%s", (_name, match, object, expected) => {
    expectOutcome(verify(match, object), expected);
  });

  it("looks the Namespace up by the request's namespace, not the object's", () => {
    expectOutcome(verify({ namespaceSelector: { matchLabels: { env: "prod" } } }, pod("p", "dev"), "prod"), true);
    expectOutcome(verify({ namespaceSelector: { matchLabels: { env: "prod" } } }, pod("p", "prod"), "orphan"), "error");
  });

  it("caches only core-group v1 Namespaces without metadata.namespace, the last of a name", () => {
    const cached = namespaceCacheOf([
      ns("a", { v: "1" }),
      ns("a", { v: "2" }),
      { apiVersion: "/v1", kind: "Namespace", metadata: { name: "slash" } },
      { apiVersion: "v2", kind: "Namespace", metadata: { name: "v2" } },
      { apiVersion: "example.io/v1", kind: "Namespace", metadata: { name: "other" } },
      { apiVersion: "v1", kind: "Namespace", metadata: { name: "placed", namespace: "x" } },
      pod("p", "a"),
    ]);
    expect([...cached.keys()].sort()).toEqual(["a", "slash"]);
    expect(cached.get("a")?.labels).toEqual({ v: "2" });
    // gator test's Expander knows every core-group Namespace, whatever its version or namespace.
    expect([...namespacesOf([ns("a"), { apiVersion: "v2", kind: "Namespace", metadata: { name: "v2" } }, { apiVersion: "v1", kind: "Namespace", metadata: { name: "placed", namespace: "x" } }]).keys()].sort()).toEqual(["a", "placed", "v2"]);
  });

  it("has no Namespace for a request without a namespace", () => {
    expect(cachedNamespaceFor("", cache)).toBeUndefined();
    expect(cachedNamespaceFor("prod", cache)?.labels).toEqual({ env: "prod", team: "a" });
    expect(cachedNamespaceFor("default", cache)).toBeUndefined();
  });
});

describe("matchAny: an admission request's object, then its oldObject", () => {
  const prod = cachedNamespaceFor("prod", namespaceCacheOf(NAMESPACES));
  const targets = (...objects: Obj[]) => objects.map((o) => matchTarget(o, prod));
  it("selects the review when either object matches", () => {
    const match = compile({ labelSelector: { matchLabels: { app: "web" } } });
    expect(matchAny(match, targets(pod("new", "prod"), pod("old", "prod", { app: "web" })))).toEqual({ matched: true });
    expect(matchAny(match, targets(pod("new", "prod", { app: "web" }), pod("old", "prod")))).toEqual({ matched: true });
    expect(matchAny(match, targets(pod("new", "prod"), pod("old", "prod")))).toEqual({ matched: false });
  });
  it("autorejects on the first error, named by the object that failed", () => {
    const match = compile({ namespaceSelector: {} });
    const none = [matchTarget(pod("new", "orphan"), undefined), matchTarget(pod("old", "orphan"), undefined)];
    expect(matchAny(match, none)).toEqual({ autoreject: autorejectMessage("new", "failed to run Match criteria: namespace selector for namespace-scoped object but missing Namespace") });
  });
  it("matches everything without a match block", () => {
    expect(matchAny(undefined, [])).toEqual({ matched: true });
  });
});

describe("compileMatch: the match CRD schema and label-selector validation", () => {
  it.each([
    [{ kinds: "Pod" }, "spec.match.kinds must be a list"],
    [{ kinds: [{ apiGroups: "", kinds: ["Pod"] }] }, "spec.match.kinds[0].apiGroups must be a list of strings"],
    [{ namespaces: ["Prod"] }, 'spec.match.namespaces[0] "Prod" must match'],
    [{ namespaces: ["a*b"] }, 'spec.match.namespaces[0] "a*b" must match'],
    [{ excludedNamespaces: [1] }, "spec.match.excludedNamespaces[0] must be a string"],
    [{ name: "Web" }, 'spec.match.name "Web" must match'],
    [{ scope: 1 }, "spec.match.scope must be a string"],
    [{ source: "Mutated" }, "spec.match.source must be one of All, Generated, Original"],
    [{ labelSelector: { matchExpressions: [{ key: "a", operator: "In" }] } }, "spec.match.labelSelector.matchExpressions[0].values: must be specified when operator is In or NotIn"],
    [{ labelSelector: { matchExpressions: [{ key: "a", operator: "Exists", values: ["x"] }] } }, "may not be specified when operator is Exists or DoesNotExist"],
    [{ namespaceSelector: { matchExpressions: [{ key: "a", operator: "Gt", values: ["1"] }] } }, '"Gt" is not a valid label selector operator'],
    [{ namespaceSelector: { matchLabels: { "bad key!": "x" } } }, "invalid label key"],
    [{ namespaceSelector: { matchLabels: { a: "not ok" } } }, 'invalid label value "not ok"'],
    [{ labelSelector: { matchLabels: { a: 1 } } }, 'spec.match.labelSelector.matchLabels["a"] must be a string'],
    [{ labelSelector: "app=web" }, "spec.match.labelSelector must be an object"],
    ["everything", "spec.match must be an object"],
  ])("rejects %j", (match, message) => {
    const compiled = compileMatch(match);
    expect("errors" in compiled ? compiled.errors.join("\n") : "valid").toContain(message);
  });

  it("accepts every valid form", () => {
    const compiled = compileMatch({
      kinds: [{ apiGroups: ["*"], kinds: ["*"] }],
      scope: "Namespaced",
      namespaces: ["kube-*", "*-system", "*mid*", "exact", ":colon"],
      excludedNamespaces: [],
      labelSelector: { matchLabels: { "app.kubernetes.io/name": "web", empty: "" }, matchExpressions: [{ key: "example.com/tier", operator: "NotIn", values: ["a_b.c-d"] }] },
      namespaceSelector: { matchExpressions: [{ key: "env", operator: "DoesNotExist" }] },
      name: "web-*",
      source: "Original",
      unknownField: true,
    });
    expect("errors" in compiled ? compiled.errors : []).toEqual([]);
  });
});

describe("label keys, values and selectors (apimachinery)", () => {
  it.each([
    ["app", true],
    ["app.kubernetes.io/name", true],
    ["a/b/c", false],
    ["/name", false],
    ["Example.com/name", false],
    ["-app", false],
    ["app_", false],
    ["x".repeat(63), true],
    ["x".repeat(64), false],
    ["", false],
  ])("label key %j valid: %s", (key, valid) => {
    expect(labelKeyErrors(key).length === 0).toBe(valid);
  });
  it.each([
    ["", true],
    ["v1.2_3-x", true],
    ["-x", false],
    ["x".repeat(64), false],
    ["a b", false],
  ])("label value %j valid: %s", (value, valid) => {
    expect(labelValueErrors(value).length === 0).toBe(valid);
  });
  it("ANDs matchLabels and every expression", () => {
    const compiled = compileSelector({ matchLabels: { a: "1" }, matchExpressions: [{ key: "b", operator: "In", values: ["2", "3"] }, { key: "c", operator: "DoesNotExist" }] }, "s");
    if ("errors" in compiled) throw new Error(compiled.errors.join());
    expect(selectorMatches(compiled.selector, { a: "1", b: "3" })).toBe(true);
    expect(selectorMatches(compiled.selector, { a: "1", b: "3", c: "" })).toBe(false);
    expect(selectorMatches(compiled.selector, { a: "2", b: "3" })).toBe(false);
    expect(selectorMatches(compiled.selector, { a: "1" })).toBe(false);
  });
  it("does not read inherited properties as labels", () => {
    const compiled = compileSelector({ matchExpressions: [{ key: "toString", operator: "Exists" }] }, "s");
    if ("errors" in compiled) throw new Error(compiled.errors.join());
    expect(selectorMatches(compiled.selector, {})).toBe(false);
  });
});
