// The optimizer (facts, references, hoisting, dropped restated negations; see compiler/emit/rego)
// must not change what a policy means. Every policy is compiled twice from the same IR, with and
// without it; both Rego modules go through OPA wasm and are checked against the TypeScript on the
// fixtures and on the same generated inputs (one seed for both). The optimized module is the one
// shipped in out/ (test/build.test.ts checks that), and it must actually differ: a pass that
// rewrote nothing would make this test vacuous.
import { beforeAll, describe, expect, test } from "vitest";
import { buildProject, type BuiltPolicy } from "../compiler/build.js";
import { emitRegoModule, foldSharedRules } from "../compiler/emit/rego/module.js";
import { writeInCheapSharedRules } from "../compiler/emit/rego/cheap-shared-rules.js";
import { sinkCallsForResult, withoutSubsumed } from "../compiler/emit/rego/rules.js";
import { mergeSiblingListRules } from "../compiler/emit/rego/sibling-lists.js";
import { inlineTailCalls } from "../compiler/emit/rego/tail-calls.js";
import { messageFunctions, valueVariants } from "../compiler/emit/rego/message-functions.js";
import { definedRules, negatedBooleanCalls, testOnlyHelpers } from "../compiler/emit/rego/test-helpers.js";
import { isAtomicTerm } from "../compiler/emit/rego/terms.js";
import { typeTestReferences } from "../compiler/emit/rego/type-test-references.js";
import { definedReads } from "../compiler/emit/rego/defined-reads.js";
import { compileSnippet } from "./support/snippet.js";
import { presenceTests } from "../compiler/emit/rego/presence-tests.js";
import { negatedCallComprehensions } from "../compiler/emit/rego/negated-calls.js";
import { inputEqualityTests } from "../compiler/emit/rego/equality-tests.js";
import { comprehensionReads } from "../compiler/emit/rego/comprehension-reads.js";
import { inventoryReads, inventoryTypeTests } from "../compiler/emit/rego/inventory-type-tests.js";
import { inventoryAbsence } from "../compiler/emit/rego/inventory-absence.js";
import { admittedShapeTestsLast } from "../compiler/emit/rego/admitted-shape-tests.js";
import { PACKAGE_ROOT } from "../compiler/package.js";
import { formatMismatch, verifyPolicy } from "../verify/differential.js";
import { RegoEngine } from "../verify/engines.js";
import { testSeed } from "./support/seed.js";

const RUNS = 500;
const SEED = testSeed(20261129, "optimizer");

let built: readonly BuiltPolicy[] = [];
beforeAll(async () => {
  built = (await buildProject(PACKAGE_ROOT)).policies;
}, 300_000);

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function plainRego(entry: BuiltPolicy): string {
  const { program, packageName, source, cel } = entry.compiled;
  return emitRegoModule(program, { packageName, sourceLabel: source, optimize: false, yieldKeys: cel !== undefined });
}

/**
 * The optimized Rego of a kind before its negated calls become emptiness tests
 * (negated-calls.ts, a line-by-line rewrite tested on its own): the shapes the passes before it
 * leave, which the tests of those passes read.
 */
function regoWithCalls(kind: string): string {
  const entry = built.find((e) => e.policy.meta.kind === kind);
  if (entry === undefined) throw new Error(`${kind}: not built`);
  const { program, packageName, source, cel, schema } = entry.compiled;
  return emitRegoModule(program, { packageName, sourceLabel: source, yieldKeys: cel !== undefined, parameters: schema, negatedCalls: false });
}

describe("the optimizer keeps every policy's meaning", () => {
  test("it rewrites the Rego of most policies, and rewriting is deterministic", () => {
    expect(built.length).toBeGreaterThan(50);
    const changed = built.filter((entry) => plainRego(entry) !== entry.compiled.rego);
    expect(changed.length).toBeGreaterThan(built.length * 0.9);
    for (const entry of built.slice(0, 5)) {
      const { program, packageName, source, cel, schema } = entry.compiled;
      expect(emitRegoModule(program, { packageName, sourceLabel: source, yieldKeys: cel !== undefined, parameters: schema })).toBe(entry.compiled.rego);
    }
  });

  test("a helper-calling test runs after the later iterations and their cheap tests, not once per element", () => {
    // K8sPSPHostNetworkingPorts: `for (container ...) { if (isExempt(container)) continue; for (port ...) if (port.hostPort < min) yield }`.
    // Two rules (a port below min, above max), each over the three container lists (sibling-lists.ts):
    // a closed disjunction that iterates the object's lists is split, not lifted (expand.ts).
    const rules = regoWithCalls("K8sPSPHostNetworkingPorts").split("\n\n").filter((r) => r.includes("violation contains") && r.includes("some port1 in"));
    expect(rules.length).toBe(2);
    for (const rule of rules) {
      const lines = rule.split("\n");
      const at = (pattern: string) => lines.findIndex((l) => l.includes(pattern));
      expect(at("isExemptImage("), rule).toBeGreaterThan(at("some port1 in"));
      expect(at("isExemptImage("), rule).toBeGreaterThan(at("port1.hostPort != set()"));
      expect(at("isExemptImage("), rule).toBeGreaterThan(Math.max(at("sortsBelow("), at("sortsAbove(")));
      expect(at("isExemptImage("), rule).toBe(at("msg := ") - 1);
    }
    // A test of SDK calls only (cheap) stays before an iteration it does not read: K8sRBACLeastPrivilege
    // tests a rule's apiGroups once, not once per verb.
    const rbac = built.find((e) => e.policy.meta.kind === "K8sRBACLeastPrivilege")?.compiled.rego ?? "";
    const secrets = rbac.split("\n\n").filter((r) => r.includes("grants access to all secrets cluster-wide"));
    expect(secrets.length).toBeGreaterThan(0);
    for (const rule of secrets) expect(rule.indexOf('"secrets" in'), rule).toBeLessThan(rule.indexOf("some verb1 in"));
  });

  test("a helper-calling test runs after the SDK calls' tests too; a local whose member is a reference is read as an object", () => {
    // K8sContainerRatios: `if (isExempt(container)) continue;` before the quantities are parsed.
    const rego = regoWithCalls("K8sContainerRatios");
    const rules = rego.split("\n\n").filter((r) => r.includes("violation contains") && r.includes("isExemptImage("));
    expect(rules.length).toBeGreaterThan(10);
    for (const rule of rules) {
      const lines = rule.split("\n");
      const exempt = lines.findIndex((l) => l.includes("isExemptImage("));
      // After it only closed tests that call a helper (the ratio parameter's validity: computed
      // once per query, and then only for a would-be violation), then the message.
      const msg = lines.findIndex((l) => l.includes("msg := "));
      expect(lines.slice(exempt + 1, msg).every((l) => /^\tgkc_shared_\d+ == (?:true|false)$/.test(l)), rule).toBe(true);
      expect(exempt, rule).toBeLessThan(msg);
      // `name := container.name` is a reference: the container is an object wherever the body holds.
      if (lines.some((l) => l.includes(":= container.name"))) expect(lines[exempt], rule).toContain('isExemptImage(object.get(container, ["image"], set())');
    }
    expect(rules.filter((r) => r.includes("gkc_parse_quantity(")).length).toBeGreaterThan(0);
  });

  test("no violation rule repeats a test or is subsumed by another rule of the same head", () => {
    const bodies = (rego: string) =>
      rego
        .split("\n\n")
        .filter((r) => r.includes("violation contains"))
        .map((r) => {
          const lines = r.split("\n");
          const head = lines.find((l) => l.startsWith("violation contains")) ?? "";
          return { head, body: lines.filter((l) => l.startsWith("\t")) };
        });
    let rules = 0;
    for (const entry of built) {
      const found = bodies(entry.compiled.rego);
      rules += found.length;
      for (const [i, rule] of found.entries()) {
        expect(new Set(rule.body).size, `${entry.policy.meta.kind}: ${rule.body.join("; ")}`).toBe(rule.body.length);
        for (const [j, other] of found.entries()) {
          if (i === j || other.head !== rule.head) continue;
          expect(other.body.every((line) => rule.body.includes(line)), `${entry.policy.meta.kind}: rule ${i} is subsumed by rule ${j}`).toBe(false);
        }
      }
    }
    expect(rules).toBeGreaterThan(100);
    // K8sPSPHostNamespace's two flags: one rule each (a closed disjunction that would repeat more
    // steps, as K8sPSPFSGroup's `!allowed`, is one rule: expand.ts).
    expect(bodies(built.find((e) => e.policy.meta.kind === "K8sPSPHostNamespace")?.compiled.rego ?? "").length).toBe(2);
  });

  test("withoutSubsumed drops a body whose expressions include another's, keeping the first of equals", () => {
    const rule = (head: string, ...body: string[]) => ({ head, body });
    const kept = withoutSubsumed(
      [rule("h", "a", "b"), rule("h", "a"), rule("g", "a", "b"), rule("h", "b", "c"), rule("h", "c", "b"), rule("h", "a", "c", "b")],
      (r) => r.head,
    );
    expect(kept).toEqual([rule("h", "a"), rule("g", "a", "b"), rule("h", "b", "c")]);
  });

  test("a binding to a call that only the result reads moves down to just before it, not past an iteration", () => {
    const isFunction = (name: string) => name.startsWith("gkc_") || name === "shown";
    const body = [
      "some container in input.review.object.spec.containers",
      "name := shown(container.name)",
      "label := gkc_str(name)",
      "image := container.image",
      "size := count(image)",
      '[e | some e in input.parameters.exemptImages; e == image] == []',
      "msg := concat(\"\", [label, image, format_int(size, 10)])",
    ];
    // The two calls (the second reads the first) go past the exemption test, in their order; a
    // reference and a builtin's value stay where they were.
    expect(sinkCallsForResult(body, isFunction)).toEqual([body[0], body[3], body[4], body[5], body[1], body[2], body[6]]);
    // Read by a test too: it stays.
    const tested = [...body.slice(0, 5), "not label == \"\"", ...body.slice(5)];
    expect(sinkCallsForResult(tested, isFunction)).toEqual([tested[0], tested[1], tested[2], tested[3], tested[4], tested[5], tested[6], tested[7]]);
    // Not past an iteration: there it would run once per element instead of once.
    const looped = ["name := shown(input.review.object.metadata.name)", "some container in input.review.object.spec.containers", "container.privileged", "msg := concat(\"\", [name, container.name])"];
    expect(sinkCallsForResult(looped, isFunction)).toEqual(looped);
    // K8sPSPSeccomp: the container's name is printed only, after the exempt-image tests.
    const seccomp = built.find((e) => e.policy.meta.kind === "K8sPSPSeccomp")?.compiled.rego ?? "";
    expect(seccomp).toMatch(/\[exemption1_n3 \| [^\n]*\] == \[\]\n\tname := shown\(container\.name\)\n\tmsg := /);
  });

  test("a number's divisibility test and printing use % and comparisons, not floor() or abs()", () => {
    // K8sPSPFSGroup prints its ranges' numbers with shown(): `isPrintableInteger(v) ? `${v}` : "<number>"`.
    const rego = built.find((e) => e.policy.meta.kind === "K8sPSPFSGroup")?.compiled.rego ?? "";
    expect(rego).toMatch(/gkc_cond_\d+\(value\) := gkc_num_str\(value\) if \{\n\tvalue % 1 == 0\n/);
    expect(rego).not.toContain("gkc_remainder(");
    // `%` first: a fraction fails it before two comparisons that parse it as a big rational.
    expect(rego).toContain("gkc_num_str(value) := format_int(value, 10) if {\n\tvalue % 1 == 0\n\tvalue < 2147483648\n\tvalue > -2147483648\n}");
    // Under `not` the remainder stays a call: OPA evaluates `%` outside the negation, where a
    // fraction's error would fail the body.
    expect(built.some((e) => /\bnot [^\n]*% \d+ == 0/.test(e.compiled.rego))).toBe(false);
  });

  test("a nullish test of a value never undefined is one comparison; adjacent literals of a message are one", () => {
    // K8sPSPProcMount: `procMount == null` (a local bound to a reference, so never undefined).
    const procMount = built.find((e) => e.policy.meta.kind === "K8sPSPProcMount")?.compiled.rego ?? "";
    expect(procMount).toContain("\tnot procMount == null\n");
    expect(procMount).not.toContain("gkc_nullish(");
    // K8sAllowedRepos: `${list.label} <${...}>` over the unrolled container lists.
    const repos = built.find((e) => e.policy.meta.kind === "K8sAllowedRepos")?.compiled.rego ?? "";
    expect(repos).toContain('} else := concat("", ["initContainer <", shown(name), ');
    expect(repos).not.toContain('"initContainer", " <"');
  });

  test("a closed helper call tested defined is known defined after the test, though its binding was inlined", () => {
    // K8sPSPSELinuxV2: `podName = objectName(object)` (a string or undefined), tested
    // `=== undefined` false, is printed as itself: no gkc_str(…) for the undefined case.
    const selinux = built.find((e) => e.policy.meta.kind === "K8sPSPSELinuxV2")!;
    expect(selinux.compiled.rego).toMatch(/msg := concat\("", \["SELinux options is not allowed, pod: ", gkc_shared_\d+, /);
    expect(selinux.compiled.rego).not.toMatch(/^gkc_shared_\d+ := gkc_str\(gkc_shared_\d+\)$/m);
    expect(plainRego(selinux)).toContain('"SELinux options is not allowed, pod: ", gkc_str(podName), ');
    // NoUpdateServiceAccount: regoEquals(oldName, newName) of two closed calls both tested
    // defined is Rego's == (gkc_rego_equals only differs on set(), undefined).
    const account = built.find((e) => e.policy.meta.kind === "NoUpdateServiceAccount")!;
    expect(account.compiled.rego).not.toContain("gkc_rego_equals(");
    // (Its comparison, read once, is written into the rule as the opposite one: cheap-shared-rules.ts.)
    expect(account.compiled.rego).toMatch(/^\tgkc_shared_\d+ != gkc_shared_\d+$/m);
  });

  test("a message printing values through functions is one function: their branches under their tests first, the message last", () => {
    // K8sAllowedRepos: shown(name) and shown(image), two calls of ~27 allocations each, are one
    // call whose first branch prints the strings themselves.
    const repos = built.find((e) => e.policy.meta.kind === "K8sAllowedRepos")?.compiled.rego ?? "";
    expect(repos).toMatch(/\tmsg := (gkc_msg_\d+)\(name, image\)\n/);
    expect(repos).toMatch(
      /\ngkc_msg_\d+\(name, image\) := concat\("", \["container <", name, "> has an invalid image repo <", image, ">, allowed repos are ", gkc_shared_\d+\]\) if \{\n\tis_string\(name\)\n\tis_string\(image\)\n\} else := concat\("", \["container <", shown\(name\), "> has an invalid image repo <", shown\(image\), /,
    );
    // K8sHorizontalPodAutoscaler: regoText's second branch (a number, after a string) and
    // gkc_num_str's first (a 32-bit integer) as one variant; the replaced calls' arguments are
    // parameters, so that OPA types them any as the callees' were.
    const hpa = built.find((e) => e.policy.meta.kind === "K8sHorizontalPodAutoscaler")?.compiled.rego ?? "";
    expect(hpa).toContain("msg := gkc_msg_1(input.review.object.spec.minReplicas, input.review.object.spec.maxReplicas)\n");
    expect(hpa).toMatch(/\} else := concat\("", \[[^\n]*"> minReplicas ", format_int\(gkc_arg_1, 10\), " or maxReplicas ", format_int\(gkc_arg_2, 10\), [^\n]*\]\) if \{\n\tis_number\(gkc_arg_1\)\n\tgkc_arg_1 % 1 == 0\n\tgkc_arg_1 < 2147483648\n/);
    expect(hpa).toMatch(/\} else := concat\("", \[[^\n]*"> minReplicas ", regoText\(gkc_arg_1\), " or maxReplicas ", regoText\(gkc_arg_2\), [^\n]*\]\)\n/);
    // A message with one such call keeps it: the function would add a call.
    const digests = built.find((e) => e.policy.meta.kind === "K8sDisallowedRepos")?.compiled.rego ?? "";
    expect(digests).not.toContain("gkc_msg_");
  });

  test("message functions: which calls they replace, and by which branches", () => {
    const text = "text(value) := value if {\n\tis_string(value)\n} else := format_int(value, 10) if {\n\tis_number(value)\n} else := \"?\"";
    // A second branch that may hold where the first does is never taken in its place.
    const loose = "loose(value) := value if {\n\tis_string(value)\n} else := \"n\" if {\n\tvalue != 1\n} else := \"?\"";
    const rule = (message: string) => `# p.ts:1\nviolation contains {"msg": msg} if {\n\tsome x in input.xs\n\ty := x.y\n\tmsg := concat("", [${message}])\n}`;
    // A literal argument would type the callee's tests (`format_int(null, 10)`): that call stays,
    // and one call left makes no function.
    const literal = rule('"c ", text(null), text(x)');
    const { rules, functions } = messageFunctions([rule('"a ", text(x), " b ", loose(y), text(input.z)'), literal], [text, loose], new Set(["gkc_msg_1"]));
    expect(rules).toEqual([rule("").replace('msg := concat("", [])', "msg := gkc_msg_2(x, y, input.z)"), literal]);
    expect(functions).toEqual([
      [
        'gkc_msg_2(x, y, gkc_arg_1) := concat("", ["a ", x, " b ", y, gkc_arg_1]) if {',
        "\tis_string(x)",
        "\tis_string(y)",
        "\tis_string(gkc_arg_1)",
        '} else := concat("", ["a ", format_int(x, 10), " b ", y, format_int(gkc_arg_1, 10)]) if {',
        "\tis_number(x)",
        "\tis_string(y)",
        "\tis_number(gkc_arg_1)",
        '} else := concat("", ["a ", text(x), " b ", loose(y), text(gkc_arg_1)])',
      ].join("\n"),
    ]);
  });

  test("a function's value printing values through functions has a variant of their first branches before it", () => {
    const num = "num(value) := format_int(value, 10) if {\n\tvalue < 2147483648\n\tvalue % 1 == 0\n} else := \"?\"";
    const pair = [
      "pair(p) := result if {",
      "\ta := p.a",
      "\tb := p.b",
      '\tresult := concat("", ["{", num(a), ",", num(b), "}"])',
      "} else := result if {",
      '\tresult := concat("", ["{", num(p), "}"])',
      "} else := set()",
    ].join("\n");
    // The branch with two calls gains a variant; the one with one call keeps its call alone.
    expect(valueVariants([pair], [num])).toEqual([
      [
        'pair(p) := concat("", ["{", format_int(a, 10), ",", format_int(b, 10), "}"]) if {',
        "\ta := p.a",
        "\tb := p.b",
        "\ta < 2147483648",
        "\ta % 1 == 0",
        "\tb < 2147483648",
        "\tb % 1 == 0",
        '} else := concat("", ["{", num(a), ",", num(b), "}"]) if {',
        "\ta := p.a",
        "\tb := p.b",
        // (A branch without a body always holds: printed as the last else.)
        '} else := concat("", ["{", num(p), "}"])',
      ].join("\n"),
    ]);
    // K8sHorizontalPodAutoscaler's rangeText prints both integer bounds with format_int first.
    const hpa = built.find((e) => e.policy.meta.kind === "K8sHorizontalPodAutoscaler")!;
    expect(hpa.compiled.rego).toContain('rangeText(range) := concat("", ["{\\"max_replicas\\": ", format_int(max_2, 10), ", \\"min_replicas\\": ", format_int(min_2, 10), "}"]) if {');
  });

  test("regoEquals of a value never undefined is Rego's == itself, as the library writes it", () => {
    // K8sUniqueIngressHost: `regoEquals(field(rule, "host"), host)` with `host` bound to a reference.
    const rego = built.find((e) => e.policy.meta.kind === "K8sUniqueIngressHost")?.compiled.rego ?? "";
    expect(rego).toContain("\trule1.host == host\n");
    expect(rego).not.toContain("gkc_rego_equals(");
    // K8sPodDisruptionBudget: `wanted[label]` with label a key of wanted (Object.keys) is one of
    // its values; a key of another object is not (test/semantics.test.ts, "a member by a key").
    // The key's own object's member is the reference (defined: the key iterates its keys).
    expect(built.find((e) => e.policy.meta.kind === "K8sPodDisruptionBudget")?.compiled.rego).toContain("not wanted[label1] == object.get(have, label1, set())");
  });

  test("what every call passes a helper counts only calls the emitted Rego makes", () => {
    // K8sHorizontalPodAutoscaler: rangesText(ranges) is inlined, so its own call of rangeText
    // (with a range of any kind) is not emitted; the one left passes the parameters' range objects.
    const rego = built.find((e) => e.policy.meta.kind === "K8sHorizontalPodAutoscaler")?.compiled.rego ?? "";
    expect(rego).toContain('\tmin_2 := object.get(range, ["min_replicas"], set())\n');
    expect(rego).not.toContain("rangesText(");
    expect(rego).not.toContain('object.get({"v": range}');
  });

  test("a binding the body needs defined is its guards as tests, and the value after the cheap tests", () => {
    // K8sPSPSELinuxV2: `const name = containerName(c); const options = ...; if (name === undefined || !regoTruthy(options)) continue;`
    // containerName is undefined unless c is an object with a name: those are the body's tests,
    // and only the printing of the name is left, computed after the test on the options.
    const rego = built.find((e) => e.policy.meta.kind === "K8sPSPSELinuxV2")?.compiled.rego ?? "";
    const rules = rego.split("\n\n").filter((r) => r.includes("violation contains") && r.includes("some container in"));
    expect(rules.length).toBe(1);
    for (const rule of rules) {
      expect(rule).not.toContain("containerName(");
      expect(rule).toContain("\t_ = container.name\n");
      expect(rule.indexOf("name := shown(container.name)"), rule).toBeGreaterThan(rule.indexOf("not options == false"));
    }
    // K8sPSPSeccomp: `typeof rawName === "string" ? prefix + rawName : undefined`, needed defined,
    // is the type test then the concatenation (no lifted function per container), and the
    // annotation read by that key is then one object.get.
    const seccomp = built.find((e) => e.policy.meta.kind === "K8sPSPSeccomp")?.compiled.rego ?? "";
    expect(seccomp).toContain('\tis_string(rawName)\n\tannotationKey := concat("", ["container.seccomp.security.alpha.kubernetes.io/", rawName])\n');
    expect(seccomp).not.toMatch(/annotationKey := gkc_cond_/);
  });

  test("a body iterates the inventory's objects of a kind by path, unsorted", () => {
    // K8sPodDisruptionBudget: `for (const pdb of namespacedObjects(inventory, ns, "policy/v1", "PodDisruptionBudget"))`.
    // A body's solutions are a set, so the sorted array (gkc_inventory_namespaced_objects) is not built.
    const rego = built.find((e) => e.policy.meta.kind === "K8sPodDisruptionBudget")?.compiled.rego ?? "";
    const path = 'data.inventory.namespace[input.review.object.metadata.namespace]["policy/v1"].PodDisruptionBudget';
    expect(rego).toContain(`\tis_object(${path})\n\tsome pdb in ${path}\n\tis_object(pdb)\n`);
    expect(rego).not.toContain("gkc_sorted_objects");
  });

  test("of the helper-calling tests of one local, one that loops over that local's data runs last", () => {
    // K8sPodDisruptionBudget: `!selects(pdb, object)` (every label of the PDB's selector), then
    // `!validMaxUnavailable(pdb)` in the source; the cheap test runs first, so the labels are
    // compared only for a PDB that is not valid. K8sPSPAllowedUsers' isExemptImage loops over a
    // parameter list, the same for every container: it keeps its place.
    const rego = built.find((e) => e.policy.meta.kind === "K8sPodDisruptionBudget")?.compiled.rego ?? "";
    expect(rego).toMatch(/\tnot validMaxUnavailable\(object\.get\(pdb, \["spec"\], set\(\)\)\)\n\tselects\(object\.get\(pdb, /);
    const users = regoWithCalls("K8sPSPAllowedUsers");
    expect(users).toMatch(/\tnot isExemptImage\([^\n]*\n\tunset\(fieldValue\("runAsNonRoot"/);
  });

  test("the elements of an array bound to a local keep their kinds through iteration", () => {
    // K8sPSPCapabilities: `added = lowered(...)` holds strings or undefined; after `capability !== undefined`,
    // `allowed.includes(capability)` is Rego's `in`, not gkc_includes.
    const rego = built.find((e) => e.policy.meta.kind === "K8sPSPCapabilities")?.compiled.rego ?? "";
    expect(rego).toContain("not capability1 in gkc_shared_");
    expect(rego).not.toContain("gkc_includes(");
  });

  test("an own-key guard of a member read by a string key is the read; a decided helper's negations are steps", () => {
    // K8sRequiredAnnotations' ownField: `isObject(o) && Object.keys(o).includes(key) ? o[key] : undefined`
    // with a key known to be a string reads the member (own members only) with no call: the body
    // needs it defined, so it is the reference, by a local holding the annotations; and
    // `!isProvided(...)`, a helper the facts decide, is its body's membership test itself.
    const rego = built.find((e) => e.policy.meta.kind === "K8sRequiredAnnotations")?.compiled.rego ?? "";
    expect(rego).toContain("\tgkc_of_value := input.review.object.metadata.annotations\n\tvalue := gkc_of_value[key_3]\n");
    expect(rego).not.toContain("not value == set()");
    // K8sRequiredLabels' missing label: the body goes on where the value is undefined (it reports
    // it), so the read stays total.
    const labels = built.find((e) => e.policy.meta.kind === "K8sRequiredLabels")?.compiled.rego ?? "";
    expect(labels).toMatch(/\tvalue := object\.get\(\{"v": gkc_shared_\d+\}, \["v", key\], set\(\)\)\n\tnot is_string\(value\)\n/);
    expect(labels).toContain("\tgkc_of_value := input.review.object.metadata.labels\n\tvalue := gkc_of_value[key]\n\tis_string(value)\n");
    expect(rego).toContain("not key == set(); not input.review.object.metadata.annotations[key]]");
    expect(rego).not.toContain("ownField(");
    expect(rego).not.toContain("object.keys(");
    expect(rego).not.toContain("== [false]]");
  });

  test("a `??` or asArray of a member read gives its default in the read itself", () => {
    // K8sRequiredLabels: `parameters.message ?? ""` (never null by the schema), without
    // gkc_coalesce's call; `asArray(parameters.labels)` (an array or missing), looped over, is
    // iterated by reference (rule 15), and NoUpdateServiceAccount's `asArray(parameters.allowedUsers)`,
    // passed to a helper, is the read with [] as its default, without gkc_arr's call.
    const rego = built.find((e) => e.policy.meta.kind === "K8sRequiredLabels")?.compiled.rego ?? "";
    expect(rego).toMatch(/^\tsome required in input\.parameters\.labels$/m);
    expect(built.find((e) => e.policy.meta.kind === "NoUpdateServiceAccount")?.compiled.rego).toContain('object.get(input, ["parameters", "allowedUsers"], [])');
    expect(rego).toContain(' := object.get(input, ["parameters", "message"], "")\n');
    expect(rego).toContain('\tregex_2 := object.get(required, ["allowedRegex"], "")\n');
    expect(rego).not.toContain("gkc_coalesce(");
    expect(rego).not.toContain("gkc_arr(");
  });

  test("a literal pattern's validity is decided at build time, and its type test absorbed", () => {
    // K8sContainerRatios' readsCpu: `typeof v === "string" && regexMatches(CPU, v)`, negated: one
    // call with no validity test, where it was an array of is_string and gkc_regex_matches.
    const rego = built.find((e) => e.policy.meta.kind === "K8sContainerRatios")?.compiled.rego ?? "";
    expect(rego).toContain('not gkc_regex_matches_valid("^[0-9]+(\\\\.[0-9]+)?m?$", cpuLimit)');
    expect(rego).not.toContain("gkc_regex_matches(");
    expect(rego).not.toContain("gkc_is_valid_regex(");
    // A pattern known only at run time keeps the validity test (K8sRequiredLabels' allowedRegex).
    const labels = built.find((e) => e.policy.meta.kind === "K8sRequiredLabels")?.compiled.rego ?? "";
    expect(labels).toContain("gkc_is_valid_regex(");
    // That test compiles the pattern through regex.match (cached by OPA, where regex.is_valid
    // compiles it on every call), and searches it for what RE2 engines disagree on only when it
    // holds one of the markers.
    expect(labels).toContain('\tnot contains(pattern, "(?<")\n\tnot contains(pattern, "\\\\p")\n');
    expect(labels).toContain('regex.match(pattern, "") in {true, false}');
    expect(labels).not.toContain("regex.is_valid(");
  });

  test("a member compared with a defined primitive is read by reference, negated or not", () => {
    // VerifyDeprecatedAPI: `kvs.deprecatedAPI !== apiVersion` after apiVersion is known a string.
    const deprecated = built.find((e) => e.policy.meta.kind === "VerifyDeprecatedAPI")?.compiled.rego ?? "";
    expect(deprecated).toContain("\tkvs.deprecatedAPI == input.review.object.apiVersion\n");
    expect(deprecated).not.toContain('["v", "deprecatedAPI"]');
    // K8sPSPHostNetworkingPorts: `hostNetwork !== undefined && hostNetwork !== false` stays a test
    // in place, not a shared rule: the reference itself (Rego's truthiness).
    expect(built.find((e) => e.policy.meta.kind === "K8sPSPHostNetworkingPorts")?.compiled.rego).toContain("\tinput.review.object.spec.hostNetwork\n");
  });

  test("values read from the parameters have their schema's kinds; rules the schema rules out are not emitted", () => {
    // K8sPSPCapabilities keeps the strings of allowedCapabilities (string[]): no type test per element.
    const typedKept = /^gkc_shared_\d+ := \[(\w+) \| some \1 in input\.parameters\.allowedCapabilities\]$/m;
    const capabilities = built.find((e) => e.policy.meta.kind === "K8sPSPCapabilities")?.compiled.rego ?? "";
    expect(capabilities).toMatch(typedKept);
    // Without the schema, each element is tested (the same IR, emitted with no parameters' schema).
    const entry = built.find((e) => e.policy.meta.kind === "K8sPSPCapabilities")!;
    const { program, packageName, source, cel } = entry.compiled;
    const untyped = emitRegoModule(program, { packageName, sourceLabel: source, yieldKeys: cel !== undefined });
    expect(untyped).not.toMatch(typedKept);
    expect(untyped).toMatch(/^gkc_shared_\d+ := \[(\w+) \| some \1 in input\.parameters\.allowedCapabilities; is_string\(\1\)\]$/m);
    // No rule body holds a test the facts decide false.
    for (const { compiled } of built) expect(compiled.rego.split("# gkc runtime")[0]).not.toMatch(/^\tfalse$/m);
  });

  test("a wildcard match where a test on the path proved its pattern ends in * is the prefix test itself", () => {
    // isExemptImage: `exemption.endsWith("*") ? matchesWildcard(exemption, image) : image === exemption`,
    // split: the branch that tested endswith(exemption1, "*") matches by prefix with builtins alone.
    const rego = regoWithCalls("K8sPSPPrivilegedContainer");
    expect(rego).toContain('\tsome exemption1 in exemptImages\n\tendswith(exemption1, "*")\n\tstartswith(image, trim_suffix(exemption1, "*"))\n}\n');
    expect(rego).not.toContain("gkc_matches_wildcard(");
    // K8sDisallowedTags' lifted some(): the same test, the same prefix match.
    const tags = built.find((e) => e.policy.meta.kind === "K8sDisallowedTags")?.compiled.rego ?? "";
    expect(tags).toContain('\tendswith(exemption1, "*")\n\tstartswith(image, trim_suffix(exemption1, "*"))\n');
    expect(tags).not.toContain("gkc_matches_wildcard(");
  });

  test("a conditional of a boolean between plain terms is a lookup; one whose branch computes stays a function", () => {
    // K8sPSPSeccompV2: `fromContainer ? containerProfile : podProfile`, where fromContainer is a
    // boolean and both branches are locals or member chains, evaluated eagerly without a call.
    const rego = built.find((e) => e.policy.meta.kind === "K8sPSPSeccompV2")?.compiled.rego ?? "";
    expect(rego).toMatch(/source := \{true: containerProfile, false: gkc_shared_\d+\}\[fromContainer\]/);
    expect(rego).toContain('profile_3 := {true: type, false: "not configured"}[configured]');
    // shown()'s number branch prints the number: only the branch the test chooses may run it.
    expect(rego).toMatch(/gkc_cond_\d+\(value\) := gkc_num_str\(value\) if \{/);
    // A nested conditional of a local is a lookup inside the lookup, with no call.
    expect(rego).toContain('location := {true: "container securityContext", false: {true: "pod securityContext", false: "no explicit profile found"}[configured]}[fromContainer]');
    // One whose test computes (K8sPSPSeccomp's `"docker/default" in profiles`, a shared rule)
    // stays a function: its `else` computes that test only where the outer one failed.
    const seccomp = built.find((e) => e.policy.meta.kind === "K8sPSPSeccomp")?.compiled.rego ?? "";
    expect(seccomp).toMatch(/gkc_cond_\d+ := "runtime\/default" if \{\n\tgkc_shared_\d+ == true\n\} else := gkc_shared_\d+\n/);
  });

  test("comparisons of one value with literals are one membership test, the value computed once", () => {
    // K8sContainerEphemeralStorageLimit: missingField's `member === undefined || member === false || member === ""`.
    const rego = built.find((e) => e.policy.meta.kind === "K8sContainerEphemeralStorageLimit")?.compiled.rego ?? "";
    expect(rego).toContain('\tobject.get({"v": limits}, ["v", "ephemeral-storage"], set()) in {set(), false, ""}\n');
    expect(rego).not.toContain('["v", "ephemeral-storage"], set()) == false');
    // Without the optimizer each comparison reads the member again.
    const entry = built.find((e) => e.policy.meta.kind === "K8sContainerEphemeralStorageLimit")!;
    expect(plainRego(entry)).not.toMatch(/ in \{set\(\), false, ""\}/);
  });

  test("a member chain one step reads twice is bound once before it, never outside a loop the step runs in", () => {
    // NoUpdateServiceAccount: `userInfo.username === undefined ? "" : userInfo.username` is one
    // read with "" for its default, not a gkc_cond function reading the member twice, nor a
    // binding and a lookup (simplify.ts memberOrDefault).
    const rego = (kind: string) => built.find((e) => e.policy.meta.kind === kind)?.compiled.rego ?? "";
    expect(rego("NoUpdateServiceAccount")).toContain('\tusername := object.get(userInfo, ["username"], "")\n');
    expect(rego("NoUpdateServiceAccount")).not.toContain("gkc_cond_");
    // K8sBlockWildcardIngress: hostOf(rule), `host === undefined ? "" : host`, inlined as such a read.
    expect(rego("K8sBlockWildcardIngress")).toContain('\thost := object.get(rule, ["host"], "")\n');
    expect(rego("K8sBlockWildcardIngress")).not.toContain("hostOf(");
    // K8sPSPSELinuxV2: each allowed entry's field is type-tested and compared in one test, per
    // element; `options.role`, read by tests in the loop but bound outside it, stays a read.
    const selinux = rego("K8sPSPSELinuxV2");
    expect(selinux).toContain('\tallowed1_role := object.get(allowed1, ["role"], set())\n\t[');
    expect(selinux).not.toContain('object.get(allowed1, ["role"], set()) == ');
    expect(selinux).not.toMatch(/\toptions_\w+ :=/);
    // !!b of a boolean is b.
    expect(selinux).not.toMatch(/\] == \[false\]\] == \[false\]/);
  });

  test("a helper's conjunction that computes is tested step by step, and an inventory read only tested for truthiness is the reference", () => {
    const rego = regoWithCalls;
    // K8sUniqueServiceSelector's sameSelector: `a && b && c`, b and c iterating, as steps of a
    // `true` branch, so a count that differs stops it before either (only tested, the helper is
    // defined where that branch holds: test-helpers.ts).
    const selector = rego("K8sUniqueServiceSelector");
    expect(selector).toMatch(/sameSelector\(pairs, other\) if \{\n\tcount\(pairs\) == count\(other\)\n\tnot gkc_some_\d+\(other, pairs\)\n\tnot gkc_some_\d+\(other, pairs\)\n\}\n/);
    expect(selector).not.toContain("] == [true, true, true]");
    // Between cheap operands the one comparison of arrays stays (K8sPSPHostFilesystem's sameScalar,
    // only tested: its conjunction is the definition's tests, after the negated branch before it).
    expect(rego("K8sPSPHostFilesystem")).toContain("\tnot left == null\n\t[is_string(left), is_number(left), is_boolean(left)] != [false, false, false]\n\tgkc_strict_equal(left, right)\n}");
    // K8sHorizontalPodAutoscaler's inInventory: `found !== undefined && found !== false` of a read
    // of the inventory is the reference itself, with no function that reads and returns the object.
    const hpa = rego("K8sHorizontalPodAutoscaler");
    // (Only tested, the helper is defined where the object is: negatedBooleanCalls.)
    expect(hpa).toContain("\tis_string(name)\n\tdata.inventory.namespace[namespace][apiVersion][kind][name]\n}");
    expect(hpa).not.toContain("gkc_inventory_");
  });

  test("a test for undefined or false is one test: of a member chain, the reference itself", () => {
    const rego = (kind: string) => built.find((e) => e.policy.meta.kind === kind)?.compiled.rego ?? "";
    // K8sRequiredAnnotations' `!isProvided(annotations, key)` of a string key, as the library
    // asks it, where the read was object.get of an object built around the annotations (above).
    expect(rego("K8sRequiredAnnotations")).not.toContain('object.get({"v": object.get(input');
    // K8sRequiredProbes: a probe type present on the probe, positively.
    expect(rego("K8sRequiredProbes")).toContain("\tsome type1 in input.parameters.probeTypes\n\tvalue[type1]\n}");
    // K8sPSPFSGroup: a chain of literal keys, in one rule where the disjunction made two.
    expect(rego("K8sPSPFSGroup")).toContain("\tnot input.review.object.spec.securityContext.fsGroup\n");
    expect(rego("K8sPSPFSGroup")).not.toContain("securityContext.fsGroup == false");
    // K8sContainerRatios: a local's falsiness is one membership test, one rule where there were two.
    const ratios = rego("K8sContainerRatios");
    expect(ratios).toContain("\t[requests] in {[set()], [false]}\n");
    expect(ratios).not.toContain("\trequests == false\n");
  });

  test("a local the body reads a member of by reference is an object in the body's tests", () => {
    const rego = regoWithCalls;
    // K8sPSPHostNetworkingPorts iterates container1.ports, so `!isExemptContainer(container1, …)`,
    // `!(isObject(container1) && isExemptImage(…))` in TypeScript, is the image test alone.
    const ports = rego("K8sPSPHostNetworkingPorts");
    expect(ports).toContain("\tsome port1 in container1.ports\n");
    expect(ports).toMatch(/\tnot isExemptImage\(object\.get\(container1, \["image"\], set\(\)\), gkc_shared_\d+\)\n/);
    expect(ports).not.toContain("is_object(container1)");
    // K8sClusterRoleBindingSubjects's roleSuffix reads roleRef.name: its isObject(roleRef) goes.
    expect(rego("K8sClusterRoleBindingSubjects")).toMatch(/roleSuffix\(roleRef\) := result if \{\n\tis_string\(roleRef\.name\)\n/);
    // A test about a local that is not read by reference stays (its subject is an element iterated).
    expect(rego("K8sClusterRoleBindingSubjects")).toContain('\tsome subject in gkc_arr(object.get(input, ["review", "object", "subjects"], set()))\n\tis_object(subject)\n');
  });

  test("a lifted conditional reads by reference the chains whose being undefined makes its test false", async () => {
    // `typeof c.metadata?.name === "string" ? c.metadata.name : ""` of each synced object; the
    // other branch, taken where the test failed, reads nothing by reference.
    const snippet = await compileSnippet(
      `const names = clusterObjects(inventory, "v1", "ConfigMap").map((c) => (typeof c.metadata?.name === "string" ? c.metadata.name : ""));
yield names.join(",");
if (clusterObjects(inventory, "v1", "ConfigMap").length === 0) yield "none";`,
      { inventory: true },
    );
    const rego = snippet.rego;
    expect(rego).toMatch(/gkc_cond_\d+\(c\) := c\.metadata\.name if \{\n\tis_string\(c\.metadata\.name\)\n\} else := ""/);
    // The inventory's objects are an array of objects: no gkc_arr around them. Their count
    // compared with 0 is whether the kind's map holds an object: a rule that stops at the first.
    expect(rego).toMatch(/\n\tgkc_inventory_(\d+) == true\n/);
    expect(rego).toMatch(/\ngkc_inventory_\d+ := false if \{\n\tis_object\(data\.inventory\.cluster\.v1\.ConfigMap\)\n\tsome value in data\.inventory\.cluster\.v1\.ConfigMap\n\tis_object\(value\)\n\} else := true\n/);
    expect(rego).not.toMatch(/count\(gkc_inventory_\d+\)/);
    expect(rego).toMatch(/\[gkc_cond_\d+\(c\) \| some c in gkc_inventory_\d+\]/);
    // K8sStorageClass lists the synced classes by the names they are synced under
    // (clusterObjectNames): keys tested to hold objects, none read, none put in an array.
    const storage = built.find((e) => e.policy.meta.kind === "K8sStorageClass")?.compiled.rego ?? "";
    expect(storage).toContain('[name | some name in sort(object.keys(objects)); is_object(objects[name])] if {\n\tobjects := data.inventory.cluster["storage.k8s.io/v1"].StorageClass\n');
    expect(storage).not.toMatch(/\bc\.metadata\b/);
  });

  test("the inventory's objects of a kind named by literals are a rule reading that kind's own path", () => {
    const rego = (kind: string) => built.find((e) => e.policy.meta.kind === kind)?.compiled.rego ?? "";
    // K8sStorageClass: clusterObjectNames(inventory, "storage.k8s.io/v1", "StorageClass"), no
    // call that resolves the path from its arguments; the sorted names are object.keys, which
    // does not convert the store's objects as iterating the map would. The sorting comprehension
    // is the rule's own, with no call of gkc_sorted_names.
    const storage = rego("K8sStorageClass");
    const names = "[name | some name in sort(object.keys(objects)); is_object(objects[name])]";
    expect(storage).toContain(`:= ${names} if {\n\tobjects := data.inventory.cluster["storage.k8s.io/v1"].StorageClass\n\tis_object(objects)\n} else := []\n`);
    expect(storage).not.toContain("gkc_inventory_cluster_object_names");
    expect(storage).not.toContain("gkc_sorted_names");
    // The objects (clusterObjects, namespacedObjects) the same way, without gkc_sorted_objects.
    const sorted = "[value | some name in sort(object.keys(objects)); value := objects[name]; is_object(value)]";
    expect(rego("K8sCICDNoPodDelete")).not.toContain("gkc_sorted_objects");
    // A variable key (K8sCICDNoPodDelete's RoleBinding namespace) is the function's one parameter.
    expect(rego("K8sCICDNoPodDelete")).toContain(`(key1) := ${sorted} if {\n\tobjects := data.inventory.namespace[key1]["rbac.authorization.k8s.io/v1"].Role\n`);
    // The names of either branch of `restricted ? classes.filter(…) : classes` are strings, so
    // joinNames joins them with concat, with no gkc_join printing each element; and its body
    // (`names.join(", ")`) has no conditional of its own, only its argument's, which the call
    // computes too: it is inlined, concat of the lifted conditional, with no call left.
    expect(storage).toMatch(/ := concat\(", ", gkc_cond_\d+\)\n/);
    expect(storage).not.toContain("joinNames(");
    expect(storage).not.toContain("gkc_join");
  });

  test("an if whose branches only yield is one rule, its violation chosen by the test", () => {
    // K8sPSPSeccompV2: `if (profile === "Localhost") yield A; else yield B;` over the container lists.
    const entry = built.find((e) => e.policy.meta.kind === "K8sPSPSeccompV2")!;
    const rules = (rego: string) => rego.split("\n\n").filter((r) => r.includes("violation contains"));
    const optimized = rules(entry.compiled.rego);
    expect(optimized.length).toBe(1);
    for (const rule of optimized) {
      expect(rule).toMatch(/^# policies\/psp-seccomp-v2\.ts:107, 109\nviolation contains result if \{/);
      expect(rule).not.toContain('"Localhost"');
    }
    // The message and the yield's line are chosen together, in one conditional.
    expect(entry.compiled.rego).toMatch(/gkc_cond_\d+\([a-z_0-9, ]+\) := \{"msg": concat\("", \["Seccomp profile 'Localhost' with file '[^\n]*"gkc_yield": 107\} if \{\n\tprofile_3 == "Localhost"\n\} else := \{"msg": [^\n]*"gkc_yield": 109\}/);
    // Without the optimizer a rule per branch, each with its line.
    expect(rules(plainRego(entry)).map((r) => /"gkc_yield": (\d+)\} if/.exec(r)?.[1])).toEqual(["107", "109"]);
    // A template without CEL (no yield keys) chooses the message alone.
    const { program, packageName, source, schema } = entry.compiled;
    const regoOnly = emitRegoModule(program, { packageName, sourceLabel: source, yieldKeys: false, parameters: schema });
    expect(rules(regoOnly).every((r) => r.includes('violation contains {"msg": msg} if {'))).toBe(true);
    expect(regoOnly).not.toContain("gkc_yield");
  });

  test("what every call of a helper passes it holds in its body", () => {
    // K8sReplicaLimits: withinSomeRange(replicas, ranges) is called only with the parameters'
    // ranges, objects with integer bounds by the schema: `<=` itself, not the generic comparison.
    const replicas = regoWithCalls("K8sReplicaLimits");
    expect(replicas).toContain("\trange1.min_replicas <= replicas\n\treplicas <= range1.max_replicas\n}");
    expect(replicas).not.toContain("gkc_rego_less_or_equal");
    // K8sAllowedRepos: allowed(image, repos) is called only once repos is defined, an array of
    // strings by the schema: no branch for a string, and no test of each element's type.
    const repos = built.find((e) => e.policy.meta.kind === "K8sAllowedRepos")!;
    // Its boolean result, which a `some` decides, is a branch that iterates and stops at the first
    // match, then a branch giving false: not a comprehension over every repo.
    // (Only tested, it is then a function defined where it is true: test-helpers.ts.)
    expect(regoWithCalls("K8sAllowedRepos")).toMatch(/allowed\(image, repos\) if \{\n\tis_string\(image\)\n\tsome repo1 in repos\n\tstartswith\(image, repo1\)\n\}\n/);
    expect(plainRego(repos)).toContain("is_string(repos)");
    // A helper branch the facts rule out is not emitted: no body holds a lone `false`.
    for (const { compiled } of built) expect(compiled.rego).not.toMatch(/^\tfalse$/m);
  });

  test("a helper parameter read through one path only is passed the value at that path", () => {
    // K8sPodDisruptionBudget's selects(pdb, obj) reads both only at spec.selector.matchLabels,
    // validMaxUnavailable(pdb) only under spec: OPA's call cache would hash, and so convert, each
    // PodDisruptionBudget the inventory holds (narrow-parameters.ts).
    const pdb = regoWithCalls("K8sPodDisruptionBudget");
    expect(pdb).toContain('selects(object.get(pdb, ["spec", "selector", "matchLabels"], set()), ');
    expect(pdb).toContain('validMaxUnavailable(object.get(pdb, ["spec"], set()))');
    expect(pdb).not.toContain("\tselects(pdb, ");
    expect(pdb).not.toContain("not validMaxUnavailable(pdb)");
    // Each takes the name the helper gave the value at the path: `selects(wanted, have)`.
    expect(pdb).toContain("selects(wanted, have) := result if {");
    expect(pdb).toContain("validMaxUnavailable(spec) := result if {");
    // A parameter also read with a default stays whole: K8sPSPAppArmor's container, an object by
    // what every call passes, is read as `object.get(container, [...], null)`, no wrapper.
    expect(regoWithCalls("K8sPSPAppArmor")).toContain('object.get(container, ["securityContext", "appArmorProfile"], null)');
  });

  test("a boolean result a some() decides: one body per alternative where one body would call a lifted conditional per element", () => {
    // isExemptImage's some() holds a conditional per exemption: one body would call it once per
    // exemption, so each alternative is a body of its own, iterating with builtins alone.
    const privileged = regoWithCalls("K8sPSPPrivilegedContainer");
    // (Only tested, the helper is then one function per alternative, defined where it is true: test-helpers.ts.)
    expect(privileged).toMatch(
      /isExemptImage\(image, exemptImages\) if \{\n\tis_string\(image\)\n\tis_array\(exemptImages\)\n\tsome exemption1 in exemptImages\n\tendswith\(exemption1, "\*"\)\n[^}]*\}\n\nisExemptImage\(image, exemptImages\) if \{\n\tis_string\(image\)\n\tis_array\(exemptImages\)\n\tsome exemption1 in exemptImages\n\tnot endswith\(exemption1, "\*"\)\n\timage == exemption1\n\}/,
    );
    expect(privileged).not.toMatch(/gkc_cond_\d+\(exemption1, image\)/);
    expect(privileged).not.toContain("count([exemption");
    // A test that splits without a lifted conditional stays one body: K8sHorizontalPodAutoscaler's
    // inInventory reads the object by reference once, not once per falsy value.
    const hpa = regoWithCalls("K8sHorizontalPodAutoscaler");
    expect(hpa).toContain("\tis_string(name)\n\tdata.inventory.namespace[namespace][apiVersion][kind][name]\n}");
    expect(hpa.match(/data\.inventory\.namespace\[/g)).toHaveLength(1);
  });

  test("a boolean helper that is only tested is defined exactly where it returns true", () => {
    const helper = [
      "f(x, ys) := result if {",
      "\tnot [is_string(x), is_array(ys)] == [true, true]",
      "\tresult := false",
      "} else := result if {",
      "\tsome y in ys",
      "\tstartswith(x, y)",
      "\tresult := true",
      "} else := result if {",
      "\tnot is_number(x)",
      "\tresult := false",
      "} else := result if {",
      "\tx in ys",
      "\tresult := true",
      "} else := result if {",
      "\tresult := false",
      "} else := set()",
    ].join("\n");
    const rule = (test: string) => `# f.ts:1\nviolation contains {"msg": "m"} if {\n\tsome x in input.xs\n${test}\n}`;
    // Each true branch after the negations of the false ones before it; the conjunction of booleans
    // negated is one test per term.
    const defined = [
      "f(x, ys) if {\n\tis_string(x)\n\tis_array(ys)\n\tsome y in ys\n\tstartswith(x, y)\n}",
      "f(x, ys) if {\n\tis_string(x)\n\tis_array(ys)\n\tis_number(x)\n\tx in ys\n}",
    ].join("\n\n");
    expect(testOnlyHelpers([helper], [rule("\tnot f(x, input.ys)"), rule("\tf(x, [])"), "s := [x | some x in input.xs; not f(x, [])]"])).toEqual([defined]);
    // A value (bound, compared, an element, the first test of a comprehension, which `|` may be set
    // union) keeps the else chain; so does a name in a comment or a string only.
    for (const use of ["\ty := f(x, [])", "\tf(x, []) == false", "\t[f(x, []), true] == [true, true]", "s := [x | f(x, [])]", "\tg(f(x, []))"]) {
      expect(testOnlyHelpers([helper], [rule(use)]), use).toEqual([helper]);
    }
    expect(testOnlyHelpers([helper], [rule('\tmsg := "f(x)" # f(x)')])).toEqual([defined]);
    // A false branch of two tests before a true one cannot be negated as a test: the chain stays.
    const twoTests = helper.replace("\tnot is_number(x)\n", "\tnot is_number(x)\n\tx != 1\n");
    expect(testOnlyHelpers([twoTests], [rule("\tnot f(x, [])")])).toEqual([twoTests]);
    // One that binds a name cannot either.
    const binds = helper.replace("\tnot is_number(x)\n", "\tn := x\n");
    expect(testOnlyHelpers([binds], [rule("\tnot f(x, [])")])).toEqual([binds]);
    // A definition that does not read a parameter names it `_` (opa check --strict refuses it unused).
    // (K8sPSPHostNetworkingPorts' sortsAbove: its first definition tests the value only.)
    const rules = regoWithCalls("K8sPSPHostNetworkingPorts");
    expect(rules).toContain("sortsAbove(value, _) if {\n\tnot is_number(value)\n");
    expect(rules).toMatch(/^sortsAbove\(value, bound\) if \{$/m);
    // Library helpers the optimizer leaves only tested: isExemptImage, K8sAllowedRepos' allowed.
    const repos = built.find((e) => e.policy.meta.kind === "K8sAllowedRepos")!;
    expect(regoWithCalls("K8sAllowedRepos")).toMatch(/^\tnot allowed\(image, input\.parameters\.repos\)$/m);
    expect(repos.compiled.rego).not.toContain("allowed(image, repos) := result");
    expect(plainRego(repos)).toContain("allowed(image, repos) := result");
  });

  test("a tested helper whose branches give total boolean terms is defined where they hold", () => {
    const rule = (test: string) => `# f.ts:1\nviolation contains {"msg": "m"} if {\n\tsome x in input.xs\n${test}\n}`;
    const chain = (...branches: string[][]) => ["f(value, bound) := result if {", ...branches.flatMap((lines, i) => [...(i ? ["} else := result if {"] : []), ...lines]), "} else := set()"].join("\n");
    // A comparison of names, a type test and the emitter's array of booleans (one test per term):
    // each branch after the negation of the lines before it, which gave their term where they held.
    const helper = chain(
      ["\tis_number(value)", "\tresult := value < bound"],
      ["\tvalue == null", "\tresult := is_string(bound)"],
      ["\tn := count(value)", "\tresult := [n > 1, is_boolean(bound)] == [true, true]"],
    );
    expect(testOnlyHelpers([helper], [rule("\tnot f(x, 3)")])).toEqual([
      [
        "f(value, bound) if {\n\tis_number(value)\n\tvalue < bound\n}",
        "f(value, bound) if {\n\tnot is_number(value)\n\tvalue == null\n\tis_string(bound)\n}",
        "f(value, bound) if {\n\tnot is_number(value)\n\tnot value == null\n\tn := count(value)\n\tn > 1\n\tis_boolean(bound)\n}",
      ].join("\n\n"),
    ]);
    // A term that may be undefined would fall through to the next branch: a rule's value, a call,
    // a local of an earlier branch, a member. The chain stays.
    for (const term of ["gkc_shared_1 < bound", "g(value)", "n > 1", "value.x == 1"]) {
      const kept = chain(["\tis_number(value)", `\tresult := ${term}`], ["\tresult := false"]);
      expect(testOnlyHelpers([kept], [rule("\tnot f(x, 3)")]), term).toEqual([kept]);
    }
    // A term branch before one that can be true needs its lines negated: two lines cannot be.
    const twoLines = chain(["\tis_number(value)", "\tvalue > 0", "\tresult := value < bound"], ["\tresult := true"]);
    expect(testOnlyHelpers([twoLines], [rule("\tnot f(x, 3)")])).toEqual([twoLines]);
    // K8sPSPHostNetworkingPorts' sortsBelow: a port that sorts above the minimum fails the call.
    const ports = built.find((e) => e.policy.meta.kind === "K8sPSPHostNetworkingPorts")!.compiled.rego;
    expect(ports).toContain("sortsBelow(value, bound) if {\n\tis_number(value)\n\tvalue < bound\n}\n\nsortsBelow(value, _) if {\n\tnot is_number(value)\n");
  });

  test("a comparison of a total boolean helper's call with false, of defined arguments, is its negation", () => {
    const rule = (test: string, binds = "") => `# f.ts:1\nviolation contains {"msg": "m"} if {\n${binds}${test}\n}`;
    const helper = ["f(value, bound) := result if {", "\tnot is_number(value)", "\tresult := false", "} else := result if {", "\tn := g(value)", "\tresult := n < bound", "} else := set()"].join("\n");
    const tested = "f(value, bound) if {\n\tis_number(value)\n\tn := g(value)\n\tn < bound\n}";
    const g = "g(x) := y if {\n\ty := x + 1\n} else := set()";
    const defined = definedRules(["gkc_shared_1 := object.get(input, [\"parameters\", \"b\"], set())", "gkc_shared_2 := input.parameters.b", "gkc_cond_3 := [1, gkc_shared_1] if {\n\tinput.x\n} else := gkc_shared_1", g], new Set());
    // A read with a default, a rule whose every value is defined, a function that ends in an unconditional value.
    expect([...defined].sort()).toEqual(["g", "gkc_cond_3", "gkc_shared_1"]);
    const read = 'object.get(input, ["review", "object", "spec"], set())';
    // Arguments: a read of the input with a default, a defined rule, a local bound before, a literal.
    for (const [args, binds] of [[`${read}, gkc_shared_1`, ""], ["x, 3", "\tx := input.review.object.n\n"], ['gkc_cond_3, "a"', ""]] as const) {
      const out = negatedBooleanCalls([helper], [rule(`\tf(${args}) == false`, binds)], defined);
      expect(out.others, args).toEqual([rule(`\tnot f(${args})`, binds)]);
      expect(testOnlyHelpers(out.helpers, out.others), args).toEqual([tested]);
    }
    // An argument that may be undefined (a reference, a rule not known defined, a name bound
    // after or in an earlier branch) fails `== false` where `not` would hold: the line stays.
    for (const [args, binds] of [["input.review.object.n, 3", ""], ["gkc_shared_2, 3", ""], ["y, 3", ""]] as const) {
      const callers = [rule(`\tf(${args}) == false`, binds)];
      expect(negatedBooleanCalls([helper], callers, defined), args).toEqual({ helpers: [helper], others: callers });
    }
    // A helper also used as a value keeps its else chain, and so its comparison.
    const valued = [rule(`\tf(${read}, 1) == false`), "gkc_shared_9 := f(input.x, 2)"];
    expect(negatedBooleanCalls([helper], valued, defined).others).toEqual(valued);
    // A helper whose last branch may fail may be undefined: `== false` fails there and `not` holds.
    const partial = helper.replace("\tn := g(value)", "\tn := value.n");
    const callers = [rule(`\tf(${read}, 1) == false`)];
    expect(negatedBooleanCalls([partial], callers, defined).others).toEqual(callers);
    // The library: K8sReplicaLimits' withinSomeRange is only tested, defined where it is true.
    const limits = regoWithCalls("K8sReplicaLimits");
    expect(limits).toMatch(/^\tnot withinSomeRange\(object\.get\(input, \["review", "object", "spec", "replicas"\], set\(\)\), gkc_shared_\d+\)$/m);
    expect(limits).toContain("withinSomeRange(replicas, ranges) if {\n\tis_array(ranges)\n");
  });

  test("rules that differ only in the sibling list they iterate are one rule over the lists' keys", () => {
    const rule = (key: string, test = "container.privileged") =>
      `# p.ts:3\nviolation contains {"msg": msg} if {\n\tguard\n\tsome container in input.review.object.spec.${key}\n\t${test}\n\tmsg := "m"\n}`;
    const merged = mergeSiblingListRules([rule("containers"), "other", rule("initContainers"), rule("containers", "x"), rule("ephemeralContainers"), rule("initContainers")]);
    expect(merged).toEqual([
      `# p.ts:3\nviolation contains {"msg": msg} if {\n\tguard\n\tsome list_key in ["containers", "initContainers", "ephemeralContainers"]\n\tsome container in input.review.object.spec[list_key]\n\tcontainer.privileged\n\tmsg := "m"\n}`,
      "other",
      rule("containers", "x"),
    ]);
    // The key's local is a name the rule does not already use; a rule alone stays as it was.
    expect(mergeSiblingListRules([rule("containers", "list_key"), rule("initContainers", "list_key")])[0]).toContain("\tsome list_key_2 in [");
    expect(mergeSiblingListRules([rule("containers")])).toEqual([rule("containers")]);
    // K8sPSPSeccomp's four yields over three container lists are four rules, not twelve.
    const seccomp = built.find((e) => e.policy.meta.kind === "K8sPSPSeccomp")!;
    expect(seccomp.compiled.rego.match(/^violation contains/gm)).toHaveLength(4);
  });

  test("an every() result stops at the first failing element; Object.keys of an object is iterated natively", () => {
    // K8sPodDisruptionBudget's selects(): Object.keys(wanted).every(regoEquals) is false at the
    // first label that differs, over the object's own keys (no gkc_keys array, nor to count them).
    // wanted[label] is one of wanted's values, never undefined: regoEquals is Rego's == itself.
    const pdb = built.find((e) => e.policy.meta.kind === "K8sPodDisruptionBudget")!;
    expect(pdb.compiled.rego).toMatch(/\tsome label1, _ in wanted\n\tnot wanted\[label1\] == object\.get\(have, label1, set\(\)\)\n\tresult := false\n\} else := result if \{/);
    expect(pdb.compiled.rego).not.toContain("gkc_rego_equals");
    expect(plainRego(pdb)).toContain("gkc_rego_equals");
    expect(pdb.compiled.rego).not.toContain("gkc_keys(wanted)");
    expect(plainRego(pdb)).toContain("gkc_keys(wanted)");
    // K8sUniqueServiceSelector maps a selector's keys in a comprehension over the object itself,
    // each key's member read as the reference.
    const selector = built.find((e) => e.policy.meta.kind === "K8sUniqueServiceSelector")!.compiled.rego;
    expect(selector).toContain("some key, _ in selector; is_string(selector[key])]");
    expect(selector).not.toContain("gkc_keys(");
  });

  test("a path that iterates becomes at most two rules per iteration; a branch that cannot hold adds none", () => {
    // K8sContainerRatios' comparison yields (readsCpu of a limit and a request, each a number or a
    // matching string) were 16 rules each, every one iterating the containers again.
    const ratios = built.find((e) => e.policy.meta.kind === "K8sContainerRatios")!.compiled.rego;
    for (const line of [97, 99, 106, 108]) expect(ratios.split(`# policies/container-ratios.ts:${line}\n`).length - 1).toBeLessThanOrEqual(4);
    // K8sPSPHostProcess: `isObject(sc) ? isObject(sc.windowsOptions) && sc.windowsOptions.hostProcess === true : false`
    // is still three tests of the rule, not a lifted conditional, as its false branch adds no rule.
    const hostProcess = built.find((e) => e.policy.meta.kind === "K8sPSPHostProcess")!.compiled.rego;
    expect(hostProcess).toContain("\tis_object(container.securityContext)\n\tis_object(container.securityContext.windowsOptions)\n\tcontainer.securityContext.windowsOptions.hostProcess == true\n");
  });

  test("a helper returning a lifted conditional returns its branches; a negated conjunction with an early call is a lifted test", () => {
    const rego = (kind: string) => built.find((e) => e.policy.meta.kind === kind)?.compiled.rego ?? "";
    const selector = rego("K8sUniqueServiceSelector");
    // K8sPSPAllowedUsers' jsonText: `typeof value === "string" ? `"${value}"` : shown(value)` is
    // the helper's own else branches, not a call of a gkc_cond function.
    expect(rego("K8sPSPAllowedUsers")).toContain(
      'jsonText(value) := result if {\n\tvalue == set()\n\tresult := set()\n} else := result if {\n\tis_string(value)\n\tresult := concat("", ["\\"", value, "\\""])\n} else := result if {\n\tresult := shown(value)\n} else := set()',
    );
    expect(selector).not.toContain("gkc_cond_");
    // !identical(other, review), whose first operand is a scalarEquals call: a lifted function
    // that tests the operands in turn (the kind and apiVersion, cheapest, first), not an array of
    // the four values with a gkc_scalar_equals call for each. Its negated call is its emptiness
    // test (negated-calls.ts): `other` is a Service read from data.inventory, which a call's cache
    // key would convert whole.
    const test = /\n\t\[true \| ([^\n]*)\] == \[\]\n\tsameSelector\(/.exec(selector);
    expect(test, selector).not.toBeNull();
    expect(test![1]!.split("; ").slice(0, 3)).toEqual(['other.kind == "Service"', 'other.apiVersion == "v1"', "other.metadata.namespace == input.review.namespace"]);
    expect(selector).not.toMatch(/\tnot gkc_all_\d+\(other\)/);
    // A lifted function given no value read from data keeps its call: K8sPSPSELinuxV2's options
    // are the reviewed container's.
    expect(rego("K8sPSPSELinuxV2")).toMatch(/\tnot gkc_some_\d+\(options\)\n/);
    expect(selector).not.toContain("gkc_scalar_equals");
    expect(selector).not.toContain("] == [true, true, true, true]");
    // Between cheap operands the array stays: K8sDisallowInteractiveTTY's `stdin && tty` test.
    expect(rego("K8sDisallowInteractiveTTY")).toMatch(/\tnot \[object\.get\(container, \["stdin"\], set\(\)\) in \{set\(\), false\}, object\.get\(container, \["tty"\], set\(\)\) in \{set\(\), false\}\] == \[true, true\]\n/);
    expect(rego("K8sDisallowInteractiveTTY")).not.toContain("gkc_all_");
  });

  test("a runtime function the module only tests has no `else := false`; one it reads as a value keeps it", () => {
    const rego = (kind: string) => built.find((e) => e.policy.meta.kind === kind)?.compiled.rego ?? "";
    // K8sImageDigests tests gkc_regex_matches_valid (`not gkc_regex_matches_valid(…)`): where it
    // returned false it now fails.
    expect(rego("K8sImageDigests")).toContain("gkc_regex_matches_valid(pattern, value) if {\n\tis_string(value)\n\tregex.match(pattern, value)\n}\n");
    // K8sPSPHostNetworkingPorts reads gkc_typeof_object as a value, in an array of booleans.
    const ports = rego("K8sPSPHostNetworkingPorts");
    expect(ports).toMatch(/\[value != null, gkc_typeof_object\(value\)\] == \[true, true\]/);
    expect(ports).toMatch(/\ngkc_typeof_object\(value\) if \{[^]*?\n\} else := false\n/);
  });

  test("no rule or branch body holds a test and its negation", () => {
    // K8sIstioStrictMTLS's PERMISSIVE-port yield and K8sPodSecurityStandard's pod seccompProfile
    // yield each expanded into a rule that could never hold (`portStrength == 2` beside
    // `not portStrength == 2`); such bodies are not emitted.
    for (const entry of built) {
      for (const block of entry.compiled.rego.split("\n\n")) {
        const bodies = block.split(/\n\} else (?::= [^\n]*)?if \{\n|\{\n/).slice(1);
        for (const body of bodies) {
          const lines = new Set(body.split("\n").map((line) => line.trim()).filter((line) => line !== "" && line !== "}"));
          const contradicted = [...lines].filter((line) => lines.has(`not ${line}`) || (line.endsWith(" == true") && lines.has(line.replace(/ == true$/, " == false"))));
          expect(contradicted, `${entry.policy.meta.kind}:\n${block}`).toEqual([]);
        }
      }
    }
    expect(built.find((e) => e.policy.meta.kind === "K8sIstioStrictMTLS")!.compiled.rego.split("# policies/istio-strict-mtls.ts:93\n").length - 1).toBe(1);
  });

  test("a closed test that calls a helper goes to the end of a body that iterates; one that calls none stays in front", () => {
    // K8sPSPVolumeTypes: `objectName(object) === undefined` (the pod's name for the message) is
    // computed only once a volume type is found not allowed; the UPDATE guard, a plain
    // comparison (of the reference, equality-tests.ts), still stops the rule before it iterates.
    const rule = (built.find((e) => e.policy.meta.kind === "K8sPSPVolumeTypes")?.compiled.rego ?? "").split("\n\n").find((r) => r.includes("violation contains")) ?? "";
    const lines = rule.split("\n");
    const iterates = lines.findIndex((l) => l.startsWith("\tsome "));
    const named = lines.findIndex((l) => l.startsWith("\tmsg := ")) - 1;
    const first = lines.findIndex((l) => l.startsWith("violation contains ")) + 1;
    expect(iterates, rule).toBeGreaterThan(first);
    expect(lines[first], rule).toBe('\tnot input.review.operation == "UPDATE"');
    expect(named, rule).toBeGreaterThan(iterates);
    expect(lines[named], rule).toMatch(/^\tgkc_shared_\d+ == false$/);
    const shared = (name: string) => new RegExp(`^${name} := (.*)$`, "m").exec(built.find((e) => e.policy.meta.kind === "K8sPSPVolumeTypes")!.compiled.rego)?.[1] ?? "";
    // (objectName's call is the shared rule: its else chain, the name's read by reference first.)
    expect(shared(shared(lines[named]!.trim().split(" ")[0]!).split(" ")[0]!), rule).toBe("input.review.object.metadata.name if {");
  });

  test("a shared rule holding a boolean is tested as a comparison with true or false, never bare or under not", () => {
    let compared = 0;
    for (const entry of built) {
      const { rego } = entry.compiled;
      expect(rego, entry.policy.meta.kind).not.toMatch(/^\t+(?:not )?gkc_shared_\d+$/m);
      compared += rego.match(/^\t+gkc_shared_\d+ == (?:true|false)$/gm)?.length ?? 0;
    }
    // (Fewer since a rule read by a few lines is written into them: cheap-shared-rules.ts.)
    expect(compared).toBeGreaterThan(80);
    // K8sPSPCapabilities tests whether its allowed list holds "*" in every rule; folded into a
    // violation line, a call compared with true is the call alone (K8sNamingConvention's name
    // pattern, after the pattern is known valid).
    const rego = (kind: string) => built.find((e) => e.policy.meta.kind === kind)?.compiled.rego ?? "";
    expect(rego("K8sPSPCapabilities")).toMatch(/^\tgkc_shared_\d+ == false$/m);
    // (The pattern's read, cheap, is written in: cheap-shared-rules.ts.)
    expect(rego("K8sNamingConvention")).toMatch(/^\tgkc_shared_\d+ == true\n\tregex\.match\(object\.get\(input, \["parameters", "pattern"\], set\(\)\), input\.review\.object\.metadata\.name\) == false$/m);
    // Without the optimizer, the plain form.
    expect(plainRego(built.find((e) => e.policy.meta.kind === "K8sPSPCapabilities")!)).not.toMatch(/gkc_shared_\d+ == (?:true|false)/);
  });

  test("a filter then a map is one comprehension whose head the filter's test narrows; an iterated chain is a reference", () => {
    const entry = built.find((e) => e.policy.meta.kind === "K8sPSPCapabilities")!;
    // lowered(): elements(values).filter(typeof string).map(toLowerCase), per container.
    expect(entry.compiled.rego).toMatch(/^\tadded := \[lower\(value\) \| some value in capabilities\.add; is_string\(value\)\]$/m);
    expect(entry.compiled.rego).not.toMatch(/gkc_lower\(/);
    // Without the optimizer: the filter's array, mapped again through the generic helper.
    expect(plainRego(entry)).toMatch(/gkc_lower\(/);
    // asArray(parameters.kvs) of a list the schema makes an array (or absent) is iterated by reference.
    expect(built.find((e) => e.policy.meta.kind === "VerifyDeprecatedAPI")!.compiled.rego).toMatch(/^\tsome kvs in input\.parameters\.kvs$/m);
    // K8sRequiredAnnotations quotes the keys a filter kept as strings: no helper with an else chain.
    expect(built.find((e) => e.policy.meta.kind === "K8sRequiredAnnotations")!.compiled.rego).not.toMatch(/^quoted\(/m);
  });

  test("strings each in quotes, joined by commas, are JSON's text where it escapes nothing", () => {
    // K8sPSPVolumeTypes prints `[${allowed.map((t) => `"${t}"`)}]` of its string[] parameter: the
    // brackets come from the message's literals, and the JSON text is the whole list.
    const volumes = built.find((e) => e.policy.meta.kind === "K8sPSPVolumeTypes")!;
    // (The shared rule is gkc_quoted_array's else chain itself, tail-calls.ts: no call; the
    // parameter's read, read there only, is written in: cheap-shared-rules.ts.)
    expect(volumes.compiled.rego).toMatch(/^gkc_shared_\d+ := (text_\d+) if \{\n\t\1 := json\.marshal\(object\.get\(input, \["parameters", "volumes"\], set\(\)\)\)\n\tnot contains\(\1, "\\\\"\)\n\} else := /m);
    expect(volumes.compiled.rego).not.toContain("gkc_quoted_array(");
    expect(volumes.compiled.rego).not.toMatch(/\[concat\("", \["\\"", volumeType, "\\""\]\) \| some volumeType/);
    expect(plainRego(volumes)).toContain('gkc_str([concat("", ["\\"", gkc_str(volumeType), "\\""]) | some volumeType in gkc_arr(allowed)])');
    // K8sPSPSeccomp prints the list without brackets: the JSON text less its brackets.
    expect(built.find((e) => e.policy.meta.kind === "K8sPSPSeccomp")!.compiled.rego).toMatch(/^gkc_shared_\d+ := trim\(text_1, "\[\]"\) if \{\n\ttext_1 := json\.marshal\(gkc_shared_\d+\)$/m);
    // K8sRequiredAnnotations' keys may be any value but undefined: each is quoted by its helper.
    expect(built.find((e) => e.policy.meta.kind === "K8sRequiredAnnotations")!.compiled.rego).not.toContain("gkc_quoted_");
  });

  test("includes() on an array of scalars is Rego's `in` whatever the value's kind", () => {
    // K8sPSPSeccompV2: profiles.includes(profile) of the string[] parameter, profile any value.
    const entry = built.find((e) => e.policy.meta.kind === "K8sPSPSeccompV2")!;
    expect(entry.compiled.rego).toContain("[is_string(profile_3), profile_3 in gkc_shared_1] == [true, true]");
    expect(entry.compiled.rego).not.toContain("gkc_includes(gkc_shared_1,");
    expect(plainRego(entry)).toMatch(/gkc_includes\(/);
    // K8sPodSecurityStandard: a literal list of strings.
    expect(built.find((e) => e.policy.meta.kind === "K8sPodSecurityStandard")!.compiled.rego).toContain('seLinuxType in ["", "container_t"');
  });

  test("a members helper searched for literals is Rego's `in`, and their disjunction one iteration", () => {
    // K8sBlockEndpointEditDefaultRole: hasMember(resources, "endpoints") && (hasMember(verbs,
    // "create") || … "patch" || … "update"), which were an iteration per search and a rule per verb.
    const entry = built.find((e) => e.policy.meta.kind === "K8sBlockEndpointEditDefaultRole")!;
    expect(entry.compiled.rego).toMatch(/"endpoints" in object\.get\(rule1, \["resources"\], set\(\)\)\n\tsome member1 in rule1\.verbs\n\tmember1 in \["create", "patch", "update"\]/);
    expect(entry.compiled.rego.match(/^violation contains/gm)).toHaveLength(1);
    expect(plainRego(entry)).not.toContain('"endpoints" in');
  });

  test("a closed disjunction is a rule of its own, where its split would repeat the other steps", () => {
    // K8sPSPFSGroup's !allowed: three violation rules of five closed tests each, now one whose
    // negated conjunctions are rules computed once (gkc_all_*).
    const fsGroup = built.find((e) => e.policy.meta.kind === "K8sPSPFSGroup")!;
    expect(fsGroup.compiled.rego.match(/^violation contains/gm)).toHaveLength(1);
    expect(fsGroup.compiled.rego).toMatch(/^\tnot gkc_all_1$/m);
    expect(plainRego(fsGroup)).not.toContain("gkc_all_");
    // K8sPSPHostNamespace's two flags: a split of two cheap tests stays a split.
    const hostNamespace = built.find((e) => e.policy.meta.kind === "K8sPSPHostNamespace")!;
    expect(hostNamespace.compiled.rego.match(/^violation contains/gm)).toHaveLength(2);
    expect(hostNamespace.compiled.rego).not.toMatch(/gkc_(all|any)_/);
  });

  test("a violation rule's disjunction after an iteration is one test, not a rule per disjunct", () => {
    // K8sBlockWildcardIngress: `host === "" || host.includes("*")` per rule of the Ingress, one
    // rule that tests both where two repeated the iteration and its type tests.
    const wildcard = built.find((e) => e.policy.meta.kind === "K8sBlockWildcardIngress")!.compiled.rego;
    expect(wildcard).toContain('\tis_string(host)\n\t[host == "", contains(host, "*")] != [false, false]\n');
    expect(wildcard.match(/^violation contains/gm)).toHaveLength(1);
    // K8sContainerRatios: readsCpu(limit), a number or a string of the pattern, is one test of
    // the limit per container, not a rule for each of the two (16 rules, where there were 21).
    const ratios = built.find((e) => e.policy.meta.kind === "K8sContainerRatios")!.compiled.rego;
    expect(ratios.match(/^violation contains/gm)).toHaveLength(16);
    expect(ratios).toMatch(/^\t\[is_number\(cpuLimit\), gkc_regex_matches_valid\("[^"]+", cpuLimit\)\] != \[false, false\]$/m);
    // A helper's branches still split after an iteration (K8sAllowedRepos' allowed keeps its
    // test form: its loop ends the one definition), and so do rules before any iteration
    // (K8sPSPHostNamespace's two flags).
    expect(regoWithCalls("K8sAllowedRepos")).toContain("allowed(image, repos) if {\n\tis_string(image)\n\tsome repo1 in repos\n");
    expect(built.find((e) => e.policy.meta.kind === "K8sPSPHostNamespace")!.compiled.rego.match(/^violation contains/gm)).toHaveLength(2);
  });

  test("a shared rule that is a helper's value takes the helper's branches", () => {
    const entry = built.find((e) => e.policy.meta.kind === "K8sHorizontalPodAutoscaler")!;
    // regoText(kind) was a call of a seven-branch helper per message; now the shared rule tests the
    // same conditions in the same order, and only gkc_num_str is called.
    // (Its tests read the reference, type-test-references.ts, and so does each branch's value,
    // which the branch's test needs defined, defined-reads.ts.)
    const kind = "input.review.object.kind";
    expect(entry.compiled.rego).toMatch(new RegExp(`^gkc_shared_\\d+ := ${escapeRegExp(kind)} if \\{\\n\\tis_string\\(${escapeRegExp(kind)}\\)\\n\\} else := gkc_num_str\\(${escapeRegExp(kind)}\\) if \\{\\n\\tis_number\\(${escapeRegExp(kind)}\\)`, "m"));
    // Without the optimizer it is the helper's call, and no shared rule.
    expect(plainRego(entry)).toMatch(/^regoText\(value\) := result if \{$/m);
    expect(plainRego(entry)).not.toMatch(/^gkc_shared_/m);
  });

  test("a helper called with a literal is what the literal leaves of it, decided at build time", () => {
    // K8sPSPSeccomp's profileAllowed("not configured", …): typeof, the translations' comparisons
    // and the localhost/ prefix of the literal are all false, so only the membership test is left
    // (negated in the one rule that reads it: cheap-shared-rules.ts).
    const seccomp = built.find((e) => e.policy.meta.kind === "K8sPSPSeccomp")!;
    expect(seccomp.compiled.rego).toMatch(/^\tnot "not configured" in gkc_shared_\d+$/m);
    expect(seccomp.compiled.rego).not.toContain('profileAllowed("not configured"');
    // K8sPSPAllowedUsers' loop over literal field names: `field === "fsGroup" ? parameters.fsGroup : …`
    // chooses the parameter, so the rule's parameters are read by their path.
    const users = built.find((e) => e.policy.meta.kind === "K8sPSPAllowedUsers")!;
    expect(users.compiled.rego).toContain("\tinput.parameters.fsGroup.rule == \"MustRunAs\"\n");
    expect(users.compiled.rego).toContain("some range in input.parameters.fsGroup.ranges;");
  });

  test("optimized and plain Rego both equal the TypeScript on fixtures and the same generated inputs", async () => {
    const failures: string[] = [];
    for (const entry of built) {
      const { packageName } = entry.compiled;
      // Both judged only on Constraints Gatekeeper admits (the optimized Rego relies on the schema).
      const parametersSchema: Record<string, unknown> = { ...entry.compiled.schema };
      const [optimized, plain] = await RegoEngine.fromTemplates([
        { kind: entry.policy.meta.kind, packageName, rego: entry.compiled.rego, parametersSchema },
        { kind: entry.policy.meta.kind, packageName: `${packageName}_plain`, rego: plainRego(entry).replace(`package ${packageName}\n`, `package ${packageName}_plain\n`), parametersSchema },
      ]);
      for (const [label, engine] of [["optimized", optimized!], ["plain", plain!]] as const) {
        const report = await verifyPolicy(entry.policy, engine, { runs: RUNS, seed: SEED });
        expect(report.generated, `${entry.policy.meta.kind} (${label})`).toBe(RUNS);
        failures.push(...report.mismatches.map((m) => `${entry.policy.meta.kind} (${label}): ${formatMismatch(m)}`));
      }
    }
    expect(failures).toEqual([]);
  }, 900_000);
});

describe("shared rules that cost more than they save are folded", () => {
  test("a rule of a cheap term is written into the lines that read it where that costs less, without parentheses", () => {
    const violation = (...lines: string[]) => ["# policies/p.ts:1", 'violation contains {"msg": "m"} if {', ...lines.map((line) => `\t${line}`), "}"].join("\n");
    const texts = [
      violation(
        // A comparison tested for false is the opposite comparison; an arithmetic term an operand of one.
        "gkc_shared_3 == false",
        "gkc_shared_4 > 2",
        // Read twice, a term of one step: written in at both.
        "gkc_shared_5 == 1",
        "x := f(gkc_shared_5)",
        // Under a `not` (OPA would evaluate the term outside it), and a reference going on: the rules stay.
        "not gkc_shared_6",
        "gkc_shared_7.a == 1",
        // `x in s` only as a line or a value: opa fmt prints `(x in s) == false` as `x in s == false`
        // (and `not x in s` would hold where input.f is undefined).
        "gkc_shared_8 == false",
        "some y in input.ys",
        // After the body iterates: the rule's cached value, once per review.
        "y == gkc_shared_9",
      ),
      "f(x) := x + gkc_shared_10",
      'gkc_shared_1 := object.get(input, ["a"], set())',
      'gkc_shared_2 := object.get(input, ["b"], set())',
      "gkc_shared_3 := gkc_shared_1 <= gkc_shared_2",
      "gkc_shared_4 := gkc_shared_1 - gkc_shared_2",
      'gkc_shared_5 := object.get(input, ["c"], set())',
      'gkc_shared_6 := object.get(input, ["d"], set())',
      'gkc_shared_7 := object.get(input, ["e"], set())',
      'gkc_shared_8 := "x" in input.f',
      'gkc_shared_9 := object.get(input, ["g"], set())',
      // Read in a function: once per call.
      'gkc_shared_10 := object.get(input, ["h"], set())',
    ];
    const written = writeInCheapSharedRules(texts, new Set(["f"]));
    expect(written[0]).toBe(
      violation(
        // gkc_shared_1 and _2 are read three times each (twice by gkc_shared_3 and _4, written in,
        // then by the rule): a rule of one object.get read three times still costs more.
        'object.get(input, ["a"], set()) > object.get(input, ["b"], set())',
        'object.get(input, ["a"], set()) - object.get(input, ["b"], set()) > 2',
        'object.get(input, ["c"], set()) == 1',
        'x := f(object.get(input, ["c"], set()))',
        "not gkc_shared_1",
        "gkc_shared_2.a == 1",
        "gkc_shared_3 == false",
        "some y in input.ys",
        "y == gkc_shared_4",
      ),
    );
    // The rest numbered again in order.
    expect(written.slice(1)).toEqual([
      "f(x) := x + gkc_shared_5",
      'gkc_shared_1 := object.get(input, ["d"], set())',
      'gkc_shared_2 := object.get(input, ["e"], set())',
      'gkc_shared_3 := "x" in input.f',
      'gkc_shared_4 := object.get(input, ["g"], set())',
      'gkc_shared_5 := object.get(input, ["h"], set())',
    ]);
    // A term of several steps read by several rules stays a rule: each read would evaluate it.
    const costly = 'gkc_shared_1 := count(object.get(input, ["a"], [])) + count(object.get(input, ["b"], []))';
    const readers = [violation("gkc_shared_1 > 1"), violation("gkc_shared_1 < 5"), violation("gkc_shared_1 != 3")];
    expect(writeInCheapSharedRules([...readers, costly], new Set())).toEqual([...readers, costly]);
    // A boolean builtin's call or a membership tested for true is the term alone; tested for false, a call stays compared.
    const booleans = [
      violation("gkc_shared_1 == true", "gkc_shared_2 == true", "gkc_shared_3 == false"),
      'gkc_shared_1 := is_object(object.get(input, ["a"], set()))',
      'gkc_shared_2 := "x" in object.get(input, ["f"], [])',
      'gkc_shared_3 := is_string(object.get(input, ["b"], set()))',
    ];
    expect(writeInCheapSharedRules(booleans, new Set())).toEqual([
      violation('is_object(object.get(input, ["a"], set()))', '"x" in object.get(input, ["f"], [])', 'is_string(object.get(input, ["b"], set())) == false'),
    ]);
    // A membership tested for false is its negation where both operands are defined wherever the
    // input is (a literal, a read with a default, a rule of one): then it is true or false. Of a
    // reference that may be undefined, the rule stays.
    const memberships = [
      violation("gkc_shared_2 == false", "gkc_shared_3 == false", "gkc_shared_4 == false"),
      'gkc_shared_1 := object.get(input, ["p"], set())',
      'gkc_shared_2 := "*" in gkc_shared_1',
      'gkc_shared_3 := "*" in object.get(input, ["q"], [])',
      'gkc_shared_4 := "*" in input.r',
    ];
    // For the last passes' texts, only rules read once go, into a branch of an else chain too
    // (its body or value); never into a comprehension.
    const chain = 'gkc_shared_2 := text if {\n\ttext := json.marshal(gkc_shared_1)\n\tnot contains(text, "x")\n} else := ""';
    const onceTexts = [
      violation("gkc_shared_5 == 1", "x := gkc_shared_5"),
      'gkc_shared_1 := object.get(input, ["a"], set())',
      chain,
      'gkc_shared_3 := object.get(input, ["b"], set())',
      "gkc_shared_4 := [x | some x in gkc_shared_3]",
      'gkc_shared_5 := object.get(input, ["c"], set())',
    ];
    expect(writeInCheapSharedRules(onceTexts, new Set(), { readOnce: true })).toEqual([
      violation("gkc_shared_4 == 1", "x := gkc_shared_4"),
      'gkc_shared_1 := text if {\n\ttext := json.marshal(object.get(input, ["a"], set()))\n\tnot contains(text, "x")\n} else := ""',
      'gkc_shared_2 := object.get(input, ["b"], set())',
      "gkc_shared_3 := [x | some x in gkc_shared_2]",
      'gkc_shared_4 := object.get(input, ["c"], set())',
    ]);
    // Without readOnce an else chain is no place to write a rule into.
    expect(writeInCheapSharedRules(['gkc_shared_1 := object.get(input, ["a"], set())', chain], new Set())).toEqual(['gkc_shared_1 := object.get(input, ["a"], set())', chain]);
    expect(writeInCheapSharedRules(memberships, new Set())).toEqual([
      violation('not "*" in object.get(input, ["p"], set())', 'not "*" in object.get(input, ["q"], [])', "gkc_shared_1 == false"),
      'gkc_shared_1 := "*" in input.r',
    ]);
  });

  test("aliases and rules read once by another shared rule go; the rest are numbered again", () => {
    const { shared, texts } = foldSharedRules(
      [
        ["gkc_shared_1", 'object.get(input, ["parameters", "min"], set())'],
        ["gkc_shared_2", "gkc_shared_1"],
        ["gkc_shared_3", "setting(gkc_shared_2)"],
        ["gkc_shared_4", "gkc_shared_3"],
        ["gkc_shared_5", 'object.get(input, ["review", "operation"], set())'],
        ["gkc_shared_6", 'gkc_shared_5 == "UPDATE"'],
        ["gkc_shared_7", "count(gkc_shared_8) > 0"],
        ["gkc_shared_8", "[x | some x in input.parameters.xs]"],
        ["gkc_shared_9", "a == b"],
        ["gkc_shared_10", "[gkc_shared_9]"],
        // Read once, but into a comprehension, where its own `x` could meet the reader's.
        ["gkc_shared_11", "[x | some x in input.parameters.ys]"],
        ["gkc_shared_12", "[x | some x in gkc_shared_11; x != 1]"],
      ],
      // Read after the body iterates: each line runs once per element, the rules once per review.
      ['violation contains {"msg": msg} if {\n\tsome y in input.parameters.zs\n\tnot gkc_shared_6\n\tgkc_shared_7\n\tgkc_shared_10\n\tgkc_shared_12\n\tmsg := concat("", ["gkc_shared_4 is ", gkc_shared_4])\n}'],
    );
    expect(shared).toEqual([
      ["gkc_shared_1", 'setting(object.get(input, ["parameters", "min"], set()))'],
      ["gkc_shared_2", 'object.get(input, ["review", "operation"], set()) == "UPDATE"'],
      ["gkc_shared_3", "count([x | some x in input.parameters.xs]) > 0"],
      // Read once, but `a == b` is no operand without parentheses.
      ["gkc_shared_4", "a == b"],
      ["gkc_shared_5", "[gkc_shared_4]"],
      ["gkc_shared_6", "[x | some x in input.parameters.ys]"],
      ["gkc_shared_7", "[x | some x in gkc_shared_6; x != 1]"],
    ]);
    // A string that names a rule is text, not a reference.
    expect(texts).toEqual(['violation contains {"msg": msg} if {\n\tsome y in input.parameters.zs\n\tnot gkc_shared_2\n\tgkc_shared_3\n\tgkc_shared_5\n\tgkc_shared_7\n\tmsg := concat("", ["gkc_shared_4 is ", gkc_shared_1])\n}']);
  });

  test("a rule read once by a violation rule, before it iterates, is written into that line", () => {
    const { shared, texts } = foldSharedRules(
      [
        ["gkc_shared_1", 'object.get(input, ["review", "object", "kind"], set())'],
        ["gkc_shared_2", "regoText(gkc_shared_1)"],
        ["gkc_shared_3", 'gkc_shared_1 == "Pod"'],
        ["gkc_shared_4", "is_object(gkc_shared_1)"],
        ["gkc_shared_5", "gkc_arr(object.get(input, [\"parameters\", \"xs\"], set()))"],
        ["gkc_shared_6", "count(gkc_shared_5) > 0"],
        ["gkc_shared_7", "[c | some c in gkc_shared_5]"],
        ["gkc_shared_8", "[x | some x in gkc_shared_5]"],
        ["gkc_shared_9", 'lower(object.get(input, ["review", "name"], set()))'],
        ["gkc_shared_10", 'gkc_shared_1 != "Job"'],
        ["gkc_shared_11", 'gkc_coalesce(object.get(input, ["review", "flag"], set()), true)'],
      ],
      [
        [
          "# policies/p.ts:1",
          'violation contains {"msg": msg, "k": gkc_shared_2} if {',
          // Whole, a test needs no parentheses; negated, OPA would read gkc_shared_1 outside the `not`.
          "\tgkc_shared_3",
          "\tnot gkc_shared_4",
          // As an operand it would (count(…) > 0 == false).
          "\tgkc_shared_6 == false",
          // Compared with true (rule 17), it is read whole: the term alone is the test.
          "\tgkc_shared_10 == true",
          // A term that may hold anything stays compared (`(flag ?? true) === true`).
          "\tgkc_shared_11 == true",
          // `x` is a local of the rule: the comprehension's own `x` would meet it.
          "\tx := 1",
          "\tcount(gkc_shared_8) > x",
          // In a comprehension it would run once per element.
          "\tcount([z | some z in input.parameters.zs; z == gkc_shared_9]) > 0",
          "\tsome y in gkc_shared_5",
          // Once per element after the iteration: the rule, once per review, stays.
          "\tmsg := concat(\"\", [gkc_shared_7])",
          "}",
        ].join("\n"),
      ],
    );
    // The head's read and the test's are written in; the rest stay rules (gkc_shared_5 is read four times).
    expect(shared.map(([, term]) => term)).toEqual([
      'object.get(input, ["review", "object", "kind"], set())',
      "regoText(gkc_shared_1)",
      "is_object(gkc_shared_1)",
      'gkc_arr(object.get(input, ["parameters", "xs"], set()))',
      "count(gkc_shared_4) > 0",
      "[c | some c in gkc_shared_4]",
      "[x | some x in gkc_shared_4]",
      'lower(object.get(input, ["review", "name"], set()))',
    ]);
    expect(texts[0]).toContain('\n\tgkc_shared_1 == "Pod"\n\tnot gkc_shared_3\n\tgkc_shared_5 == false\n\tgkc_shared_1 != "Job"\n\tgkc_coalesce(object.get(input, ["review", "flag"], set()), true) == true\n');
    expect(texts[0]).toContain('violation contains {"msg": msg, "k": gkc_shared_2} if {');
    expect(texts[0]).toContain("\tcount(gkc_shared_7) > x\n\tcount([z | some z in input.parameters.zs; z == gkc_shared_8]) > 0\n\tsome y in gkc_shared_4\n\tmsg := concat(\"\", [gkc_shared_6])\n}");
  });

  test("a boolean helper's call written into a line that tests it for true is the bare call", () => {
    const rule = ["# policies/p.ts:1", 'violation contains {"msg": "m"} if {', "\tgkc_shared_1 == true", "}"].join("\n");
    const entries: [string, string][] = [["gkc_shared_1", 'f(object.get(input, ["review", "object", "spec"], set()))']];
    // A helper whose every value is a boolean: the call alone is the test.
    expect(foldSharedRules(entries, [rule], new Set(["f"])).texts[0]).toContain('\n\tf(object.get(input, ["review", "object", "spec"], set()))\n}');
    // Any other helper may give a value that is neither: still compared with true.
    expect(foldSharedRules(entries, [rule], new Set(["g"])).texts[0]).toContain('\n\tf(object.get(input, ["review", "object", "spec"], set())) == true\n}');
    // K8sPSPAutomountServiceAccountTokenPod: so its mountsServiceAccountToken is only tested, and
    // defined where it is true (test-helpers.ts), with no else chain. Its
    // `automount === undefined && (mountsToken(containers) || mountsToken(initContainers))` is a
    // body per list: each iterates a list of its own and stops at the first mount of the token's
    // path, where one body built both comprehensions whole, a call per container.
    const automount = built.find((e) => e.policy.meta.kind === "K8sPSPAutomountServiceAccountTokenPod")!.compiled.rego;
    // (The read is the reference: the rule's line before it needs it defined, defined-reads.ts.)
    expect(automount).toContain("\tmountsServiceAccountToken(input.review.object.spec)\n");
    expect(automount).not.toContain("mountsServiceAccountToken(spec) := result");
    expect(automount).toMatch(/mountsServiceAccountToken\(spec\) if \{\n(?:\t.*\n)*\tsome container\d+ in spec\.containers\n\tsome mount\d+ in container\d+\.volumeMounts\n/);
    expect(automount).toMatch(/mountsServiceAccountToken\(spec\) if \{\n(?:\t.*\n)*\tsome container\d+ in spec\.initContainers\n/);
    expect(automount).not.toContain("count([");
  });

  test("a type test of a path read of the input is the test of the reference, on a whole line only", () => {
    const read = (test: string) => `\t${test}(object.get(input, ["review", "object", "spec"], set()))`;
    expect(typeTestReferences(`f if {\n${read("is_object")}\n}`)).toBe("f if {\n\tis_object(input.review.object.spec)\n}");
    // A key that is no identifier is written in brackets; an else branch's line too.
    expect(typeTestReferences('r := 1 if {\n\tis_string(object.get(input, ["review", "object", "metadata", "annotations", "a.b/c"], set()))\n} else := 2')).toBe(
      'r := 1 if {\n\tis_string(input.review.object.metadata.annotations["a.b/c"])\n} else := 2',
    );
    // Not under `not` (an undefined reference fails the body there), not is_set (true of set()),
    // not a key that is no string literal, not a read with another default, not part of a line.
    for (const line of [`\tnot ${read("is_object").slice(1)}`, read("is_set"), '\tis_string(object.get(input, ["review", key], set()))', '\tis_string(object.get(input, ["review"], ""))', `\tx := ${read("is_object").slice(1)}`]) {
      expect(typeTestReferences(`f if {\n${line}\n}`), line).toBe(`f if {\n${line}\n}`);
    }
    // K8sPSPVolumeTypes' `isObject(spec)`, hoisted as a closed test and written back into its line.
    expect(built.find((e) => e.policy.meta.kind === "K8sPSPVolumeTypes")!.compiled.rego).toContain("\tis_object(input.review.object.spec)\n");
  });

  test("a negated call of a helper defined where it holds is an emptiness test per definition", () => {
    const helper = ["f(image, list) if {", "\tis_string(image)", "\tsome e in list", "\tstartswith(image, e)", "}", "", "f(image, _) if {", "\tx := g(image)", "\tx == 1", "}"].join("\n");
    const globals = new Set(["f", "g", "gkc_shared_1", "gkc_shared_2"]);
    const defined = new Set(["gkc_shared_1"]);
    // Each definition's body with the parameters bound: a local or a rule defined everywhere in
    // place; any other argument (a reference, a call, a rule that may be undefined) bound before
    // the tests, once, so that where it is undefined the body fails, as OPA makes it fail for the
    // call; the body's locals renamed, so the caller's `e` is not captured.
    const rule = ["r if {", "\tsome e in input.xs", "\tnot f(e, gkc_shared_1)", '\tnot f(object.get(e, ["i"], set()), input.ys)', "\tnot f(\"a\", gkc_shared_2)", "}"].join("\n");
    expect(negatedCallComprehensions([helper], [rule], globals, defined)).toEqual([
      [
        "r if {",
        "\tsome e in input.xs",
        "\t[e_n1 | is_string(e); some e_n1 in gkc_shared_1; startswith(e, e_n1)] == []",
        "\t[x_n2 | x_n2 := g(e); x_n2 == 1] == []",
        '\timage_n3 := object.get(e, ["i"], set())',
        "\tlist_n4 := input.ys",
        "\t[e_n5 | is_string(image_n3); some e_n5 in list_n4; startswith(image_n3, e_n5)] == []",
        "\t[x_n6 | x_n6 := g(image_n3); x_n6 == 1] == []",
        "\tlist_n7 := gkc_shared_2",
        '\t[e_n8 | is_string("a"); some e_n8 in list_n7; startswith("a", e_n8)] == []',
        '\t[x_n9 | x_n9 := g("a"); x_n9 == 1] == []',
        "}",
      ].join("\n"),
    ]);
    // Left alone: a call that is not a whole negated line, a helper with an else chain, one that
    // reads a name that is neither its own nor the package's (an implicit local), one that calls
    // itself, and one with a nested body.
    const untouched = ["r if {", "\tf(a, b)", "\tn := count([1 | not f(a, b)])", "}"].join("\n");
    expect(negatedCallComprehensions([helper], [untouched], globals, defined)).toEqual([untouched]);
    for (const other of [
      "f(a) := result if {\n\tresult := a\n} else := set()",
      "f(a) if {\n\tsome j\n\ta[j] == i\n}",
      "f(a) if {\n\tf(a.b)\n}",
      "f(a) if {\n\tevery v in a {\n\t\tv == 1\n\t}\n}",
    ]) {
      expect(negatedCallComprehensions([other], ["r if {\n\tnot f(x)\n}"], globals, defined), other).toEqual(["r if {\n\tnot f(x)\n}"]);
    }
    // A function named as data-only (the optimizer's lifted ones) is rewritten only where an
    // argument is bound to a value read from data, directly or through another such name; a head
    // line starts a new body, whose names are its own.
    const lifted = "gkc_all_1(o) if {\n\to.kind == \"Service\"\n}";
    const lazy = ["r if {", "\tsome vs in data.inventory.namespace", "\tsvcs := vs.v1.Service", "\tsome name, other in svcs", "\tnot gkc_all_1(other)", "\tnot gkc_all_1(input.review.object)", "}", "", "s if {", "\tother := input.review.object", "\tnot gkc_all_1(other)", "}"].join("\n");
    expect(negatedCallComprehensions([lifted], [lazy], new Set(["gkc_all_1"]), new Set(), new Set(["gkc_all_1"]))[0]!.split("\n")).toEqual([
      "r if {",
      "\tsome vs in data.inventory.namespace",
      "\tsvcs := vs.v1.Service",
      "\tsome name, other in svcs",
      '\t[true | other.kind == "Service"] == []',
      "\tnot gkc_all_1(input.review.object)",
      "}",
      "",
      "s if {",
      "\tother := input.review.object",
      "\tnot gkc_all_1(other)",
      "}",
    ]);
    // K8sAllowedRepos: `not allowed(image, repos)` is one comprehension, and no call is left.
    const allowedRepos = built.find((e) => e.policy.meta.kind === "K8sAllowedRepos")!.compiled.rego;
    expect(allowedRepos).toMatch(/^\t\[repo1_n\d+ \| is_string\(image\); some repo1_n\d+ in input\.parameters\.repos; startswith\(image, repo1_n\d+\)\] == \[\]$/m);
    expect(allowedRepos).not.toMatch(/^allowed\(/m);
  });

  test("a type test of a lifted read of the inventory, as a whole step, is the test of the reference", () => {
    const read = 'gkc_inventory_3(key1, key2) := value if {\n\tvalue := data.inventory.namespace[key1].v1.Service[key2]\n} else := set()';
    const reads = inventoryReads([read, "gkc_cond_1(x) := x if {\n\tis_string(x)\n} else := \"\""]);
    expect([...reads.keys()]).toEqual(["gkc_inventory_3"]);
    const rule = ["r if {", '\tis_object(gkc_inventory_3(ns, "web"))', "\tn := count([true | some s in xs; is_string(gkc_inventory_3(ns, s)); s != \"\"])", "\tis_array(gkc_inventory_3(ns, input.review.object.kind))", "}"].join("\n");
    expect(inventoryTypeTests(rule, reads)).toBe(
      ["r if {", '\tis_object(data.inventory.namespace[ns].v1.Service["web"])', '\tn := count([true | some s in xs; is_string(data.inventory.namespace[ns].v1.Service[s]); s != ""])', "\tis_array(data.inventory.namespace[ns].v1.Service[input.review.object.kind])", "}"].join("\n"),
    );
    // Left alone: under `not` (an undefined reference there fails the body), a value use, a test
    // that holds of set() would not be a type test, and a computed argument.
    for (const line of ["\tnot is_object(gkc_inventory_3(ns, n))", "\tx := is_object(gkc_inventory_3(ns, n))", "\tis_object(gkc_inventory_3(ns, n)) == false", '\tis_object(gkc_inventory_3(ns, concat("", [a, b])))']) {
      expect(inventoryTypeTests(`r if {\n${line}\n}`, reads)).toBe(`r if {\n${line}\n}`);
    }
    // K8sStorageClass: the class a claim names is tested by reference, with no read function left.
    const storage = built.find((e) => e.policy.meta.kind === "K8sStorageClass")!.compiled.rego;
    expect(storage).toContain('is_object(data.inventory.cluster["storage.k8s.io/v1"].StorageClass[name_2])');
    expect(storage).not.toMatch(/:= gkc_inventory_\d+\(/);
  });

  test("a test that a reference into the inventory's dictionaries reads nothing, its keys type-tested, is the reference's negation", () => {
    const rule = (...lines: string[]) => ["r if {", ...lines.map((line) => `\t${line}`), '\tmsg := "m"', "}"].join("\n");
    // Keys the body has set or needs defined before the line: OPA evaluates them before the `not`.
    const before = ['ns := object.get(input, ["review", "object", "metadata", "namespace"], set())', "_ = input.review.object.spec.name"];
    expect(
      inventoryAbsence(rule(...before, "[true | is_string(ns); is_string(input.review.object.spec.name); data.inventory.namespace[ns].v1.Pod[input.review.object.spec.name]] == []")),
    ).toBe(rule(...before, "not data.inventory.namespace[ns].v1.Pod[input.review.object.spec.name]"));
    expect(inventoryAbsence(rule("n := input.x", '[true | is_string(n); data.inventory.cluster["storage.k8s.io/v1"].StorageClass[n]] == []'))).toBe(
      rule("n := input.x", 'not data.inventory.cluster["storage.k8s.io/v1"].StorageClass[n]'),
    );
    // Left alone: a key that may be undefined there (a reference no earlier line needs, a rule),
    // a read below a kind's objects (an object's members need not be dictionaries), a test of
    // something else, a call, a test for some value.
    for (const lines of [
      ["[true | is_string(input.review.object.metadata.namespace); data.inventory.namespace[input.review.object.metadata.namespace].v1.Pod.web] == []"],
      ["[true | is_string(gkc_shared_1); data.inventory.cluster.v1.Node[gkc_shared_1]] == []"],
      ["n := input.x", "[true | is_string(n); data.inventory.cluster.v1.Node[n].spec] == []"],
      ["n := input.x", "[true | is_object(n); data.inventory.cluster.v1.Node[n]] == []"],
      ['[true | data.inventory.cluster.v1.Node[concat("", ["a", "b"])]] == []'],
      ["n := input.x", "[true | data.inventory.cluster.v1.Node[n]] != []"],
    ]) {
      expect(inventoryAbsence(rule(...lines))).toBe(rule(...lines));
    }
    // Another branch's line does not make a key defined in this one.
    const branches = "f(x) := 1 if {\n\t_ = input.a\n} else := 2 if {\n\t[true | data.inventory.cluster.v1.Node[input.a]] == []\n}";
    expect(inventoryAbsence(branches)).toBe(branches);
    // K8sHorizontalPodAutoscaler's scale-target test.
    const hpa = built.find((e) => e.policy.meta.kind === "K8sHorizontalPodAutoscaler")!.compiled.rego;
    expect(hpa).toMatch(/^\tnot data\.inventory\.namespace\[namespace_n\d+\]\[apiVersion_n\d+\]\[input\.review\.object\.spec\.scaleTargetRef\.kind\]\[input\.review\.object\.spec\.scaleTargetRef\.name\]$/m);
  });

  test("a violation's type tests of an admitted object's apiVersion, kind and metadata go after its iterations", () => {
    const rule = (...lines: string[]) => ["# policies/p.ts:3", "violation contains result if {", ...lines.map((line) => `\t${line}`), "}"].join("\n");
    const [version, kind, metadata] = ["is_string(input.review.object.apiVersion)", "is_string(input.review.object.kind)", "is_object(input.review.object.metadata)"];
    const loop = ["some c in input.review.object.spec.containers", "c.privileged == true"];
    // Before the result, in their order; the other lines keep theirs.
    expect(admittedShapeTestsLast(rule(version, "_ = input.parameters.v", kind, metadata, ...loop, 'result := {"msg": "m"}'))).toBe(
      rule("_ = input.parameters.v", ...loop, version, kind, metadata, 'result := {"msg": "m"}'),
    );
    // At the end of a body with no result line.
    expect(admittedShapeTestsLast(rule(kind, ...loop))).toBe(rule(...loop, kind));
    // Left alone: a body without an iteration (the test runs once either way), a test after the
    // first iteration, a member the API server does not fix (a name may be generated), a
    // negated test, a function.
    for (const lines of [[kind, "c := 1"], [...loop, kind], ["is_string(input.review.object.metadata.name)", ...loop], [`not ${kind}`, ...loop]]) {
      expect(admittedShapeTestsLast(rule(...lines))).toBe(rule(...lines));
    }
    const fn = ["f(x) := 1 if {", `\t${kind}`, "\tsome y in x", "}"].join("\n");
    expect(admittedShapeTestsLast(fn)).toBe(fn);
    // VerifyDeprecatedAPI: both strings tested after the match, which most reviews fail.
    const deprecated = built.find((e) => e.policy.meta.kind === "VerifyDeprecatedAPI")!.compiled.rego;
    expect(deprecated).toMatch(/\tinput\.review\.object\.kind in [^\n]*\n\tis_string\(input\.review\.object\.apiVersion\)\n\tis_string\(input\.review\.object\.kind\)\n\tresult := /);
  });

  test("a total read its branch needs defined is the reference, in the branch's body and value", () => {
    const kind = 'object.get(input, ["review", "object", "kind"], set())';
    // The branch's test needs the reference: its value and its other lines read it; the next
    // branch needs nothing, so its value keeps the total read.
    expect(definedReads(`k := ${kind} if {\n\tis_string(input.review.object.kind)\n\tnot f(${kind})\n} else := g(${kind})`)).toBe(
      "k := input.review.object.kind if {\n\tis_string(input.review.object.kind)\n\tnot f(input.review.object.kind)\n} else := g(" + kind + ")",
    );
    // A longer reference needs its prefixes; a key that is no identifier is written in brackets.
    expect(definedReads('f if {\n\tinput.a["b.c"].d == 1\n\tx := object.get(input, ["a", "b.c"], set())\n}')).toBe('f if {\n\tinput.a["b.c"].d == 1\n\tx := input.a["b.c"]\n}');
    // A local's member: the reference where the branch reads it, object.get without the wrapper
    // where the branch reads another member (or tests is_object), else as it was.
    expect(definedReads('f(x) if {\n\tx.a == 1\n\ty := object.get({"v": x}, ["v", "a"], set())\n\tz := object.get({"v": x}, ["v", "b", "c"], 0)\n}')).toBe(
      'f(x) if {\n\tx.a == 1\n\ty := x.a\n\tz := object.get(x, ["b", "c"], 0)\n}',
    );
    expect(definedReads('f(x) if {\n\tis_object(x)\n\tz := object.get({"v": x}, ["v", "b"], 0)\n}')).toBe('f(x) if {\n\tis_object(x)\n\tz := object.get(x, ["b"], 0)\n}');
    // Nothing is needed by a negated line, by a comprehension's body, by a total read itself, or
    // by a string literal; a local's read inside a comprehension stays (a `some` there may bind
    // the name anew); a nested body leaves the definition as it is.
    for (const definition of [
      `f if {\n\tnot input.a == 1\n\tx := object.get(input, ["a"], set())\n}`,
      `f if {\n\tcount([v | v := input.a]) > 0\n\tx := object.get(input, ["a"], set())\n}`,
      `f if {\n\tobject.get(input, ["a"], set()) == 1\n\tx := object.get(input, ["a"], set())\n}`,
      `f if {\n\tmsg := "input.a"\n\tx := object.get(input, ["a"], set())\n}`,
      `f(x) if {\n\tx.a == 1\n\tn := count([1 | some x in y; object.get({"v": x}, ["v", "a"], set())])\n}`,
      `f(x) if {\n\tx.a == 1\n\tevery y in z {\n\t\ty == object.get({"v": x}, ["v", "a"], set())\n\t}\n}`,
      `f(x) := object.get({"v": x}, ["v", "a"], set())`,
    ]) {
      expect(definedReads(definition), definition).toBe(definition);
    }
    // An input read inside a comprehension is the reference too: no `some` binds `input`.
    expect(definedReads('f if {\n\tinput.a == 1\n\tn := count([1 | some v in y; v == object.get(input, ["a"], set())])\n}')).toBe(
      'f if {\n\tinput.a == 1\n\tn := count([1 | some v in y; v == input.a])\n}',
    );
    // A package rule holding a read of the input is the reference where the branch needs it
    // defined: in a comprehension and under `not` too; not where only a negated line reads it.
    const volumes = new Map([["gkc_shared_2", ["parameters", "volumes"]]]);
    expect(definedReads("f if {\n\tis_array(input.parameters.volumes)\n\tnot x in gkc_shared_2\n\tn := [v | some v in gkc_shared_2]\n}", volumes)).toBe(
      "f if {\n\tis_array(input.parameters.volumes)\n\tnot x in input.parameters.volumes\n\tn := [v | some v in input.parameters.volumes]\n}",
    );
    for (const definition of ["f if {\n\tnot x in gkc_shared_2\n}", "f if {\n\tnot is_array(input.parameters.volumes)\n\tnot x in gkc_shared_2\n}", 'f if {\n\tx := "gkc_shared_2"\n\tinput.parameters.volumes\n}']) {
      expect(definedReads(definition, volumes), definition).toBe(definition);
    }
    // K8sHorizontalPodAutoscaler's printed kind: each branch of the else chain tests the kind's type.
    expect(built.find((e) => e.policy.meta.kind === "K8sHorizontalPodAutoscaler")!.compiled.rego).toMatch(/ := input\.review\.object\.kind if \{\n\tis_string\(input\.review\.object\.kind\)\n/);
  });

  test("a presence test of JSON is a unification; of anything else it stays", () => {
    // The input, the inventory, and locals bound in the same body to members of them.
    expect(presenceTests('f if {\n\tinput.review.object.metadata.name != set()\n\tdata.inventory.cluster["v1"].Namespace[n] != set()\n}')).toBe(
      'f if {\n\t_ = input.review.object.metadata.name\n\t_ = data.inventory.cluster["v1"].Namespace[n]\n}',
    );
    expect(presenceTests("f if {\n\tsome c in input.review.object.spec[key]\n\tsome p in gkc_arr(c.ports)\n\tsome k, v in p.x\n\tv.y != set()\n}")).toBe(
      "f if {\n\tsome c in input.review.object.spec[key]\n\tsome p in gkc_arr(c.ports)\n\tsome k, v in p.x\n\t_ = v.y\n}",
    );
    expect(presenceTests("f if {\n\tr := input.parameters.ranges\n\tr[0].min != set()\n}")).toBe("f if {\n\tr := input.parameters.ranges\n\t_ = r[0].min\n}");
    // A parameter, a local gkc built, one bound in another branch, or a rule of the package read
    // through data may hold set(); a negated test and a nested body's line stay as they are.
    for (const definition of [
      "f(x) if {\n\tx.a != set()\n}",
      "f if {\n\tx := gkc_parse(input.a)\n\tx.tag != set()\n}",
      "f if {\n\tx := {\"a\": object.get(input, [\"a\"], set())}\n\tx.a != set()\n}",
      "f(x) := 1 if {\n\tsome x in input.a\n} else := 2 if {\n\tx.b != set()\n}",
      "f if {\n\tnot input.a != set()\n}",
      "f if {\n\tdata.k8sallowedrepos.gkc_shared_1 != set()\n}",
      "f if {\n\tevery v in input.a {\n\t\tv.b != set()\n\t}\n}",
    ]) {
      expect(presenceTests(definition), definition).toBe(definition);
    }
    // K8sPSPHostNetworkingPorts: each container's ports, iterated from the input.
    expect(built.find((e) => e.policy.meta.kind === "K8sPSPHostNetworkingPorts")!.compiled.rego).toContain("\tsome port1 in container1.ports\n\t_ = port1.hostPort\n");
  });

  test("a shared comparison of an input read with a literal, tested by a line, is the reference's", () => {
    const shared: [string, string][] = [
      ["r1", 'object.get(input, ["review", "operation"], set()) == "UPDATE"'],
      ["r2", 'object.get(input, ["parameters", "my-key"], set()) == 3'],
    ];
    const body = "f if {\n\tr1 == false\n\tr2\n\tr1 == true\n\tx := [r1]\n}";
    const { texts, rewritten } = inputEqualityTests(shared, [body]);
    expect(texts[0]).toBe('f if {\n\tnot input.review.operation == "UPDATE"\n\tinput.parameters["my-key"] == 3\n\tinput.review.operation == "UPDATE"\n\tx := [r1]\n}');
    expect([...rewritten].sort()).toEqual(["r1", "r2"]);
    // Another default, a computed key, a term that is not a literal, a literal holding ` == `,
    // and a nested body's line stay as they are.
    for (const term of [
      'object.get(input, ["a"], false) == "x"',
      'object.get(input, ["a", k], set()) == "x"',
      'object.get(input, ["a"], set()) == input.b',
      'object.get(input, ["a"], set()) == "x == y"',
    ]) {
      expect(inputEqualityTests([["r", term]], ["f if {\n\tr == false\n}"]).texts[0], term).toBe("f if {\n\tr == false\n}");
    }
    expect(inputEqualityTests(shared, ["f if {\n\tevery v in input.a {\n\t\tr1 == false\n\t}\n}"]).texts[0]).toContain("\t\tr1 == false");
    // The read may be another shared rule's, with the default set(); with another default
    // (`""`, which the literal may equal where the read is undefined) the test stays.
    const reads: [string, string][] = [
      ["r3", 'object.get(input, ["parameters", "cpu"], set())'],
      ["r4", 'r3 == "-1"'],
      ["r5", 'object.get(input, ["parameters", "message"], "")'],
      ["r6", 'r5 == ""'],
    ];
    expect(inputEqualityTests(reads, ["f if {\n\tr4 == false\n\tr6 == false\n}"]).texts[0]).toBe('f if {\n\tnot input.parameters.cpu == "-1"\n\tr6 == false\n}');
    // Every PSP template's exemption of updates.
    expect(built.find((e) => e.policy.meta.kind === "K8sPSPVolumeTypes")!.compiled.rego).toContain('\tnot input.review.operation == "UPDATE"\n');
  });

  test("in a comprehension, a shared read of the input is the reference from the step that type-tests or iterates it", () => {
    const shared = new Map([
      ["gkc_shared_1", { reference: "input.parameters.exemptImages", fallback: "set()" }],
      ["gkc_shared_2", { reference: "input.parameters.allowedProfiles", fallback: "[]" }],
    ]);
    // From the type test on, and in the head; a step before it keeps the rule.
    expect(comprehensionReads("f if {\n\t[e | count(gkc_shared_1) > 0; is_array(gkc_shared_1); some e in gkc_shared_1; [gkc_shared_1, e] != []] == []\n}", shared)).toBe(
      "f if {\n\t[e | count(gkc_shared_1) > 0; is_array(input.parameters.exemptImages); some e in input.parameters.exemptImages; [input.parameters.exemptImages, e] != []] == []\n}",
    );
    expect(comprehensionReads("x := {gkc_shared_1[k]: v | some k, v in gkc_shared_1}", shared)).toBe("x := {input.parameters.exemptImages[k]: v | some k, v in input.parameters.exemptImages}");
    // A rule that is a parameter where that is an array, else []: its iteration is the reference's behind is_array.
    const arrays = new Map([["gkc_shared_5", { reference: "input.parameters.exemptImages", fallback: "[]", array: true }]]);
    expect(comprehensionReads("x := [e | is_string(i); some e in gkc_shared_5; i == e; count(gkc_shared_5) > 0]", arrays)).toBe(
      "x := [e | is_string(i); is_array(input.parameters.exemptImages); some e in input.parameters.exemptImages; i == e; count(input.parameters.exemptImages) > 0]",
    );
    expect(comprehensionReads("x := [e | is_array(gkc_shared_5); e := gkc_shared_5[0]]", arrays)).toBe("x := [e | is_array(gkc_shared_5); e := gkc_shared_5[0]]");
    // Nested: the inner comprehension's own proof.
    expect(comprehensionReads("x := [y | some y in z; count([e | some e in gkc_shared_1]) > 0]", shared)).toBe("x := [y | some y in z; count([e | some e in input.parameters.exemptImages]) > 0]");
    // A default other than set() (is_array([]) holds where the reference fails), no proving
    // step, a body line outside a comprehension and a literal stay as they are.
    for (const definition of [
      "x := [e | is_array(gkc_shared_2); some e in gkc_shared_2]",
      "x := [e | some e in y; e == gkc_shared_1]",
      "f if {\n\tis_array(gkc_shared_1)\n\tsome e in gkc_shared_1\n}",
      'x := [e | some e in y; e == "is_array(gkc_shared_1)"]',
    ]) {
      expect(comprehensionReads(definition, shared), definition).toBe(definition);
    }
  });

  test("a tail call is inlined only where its arguments are defined and the caller's tests are plain", () => {
    const shown = 'shown(value) := result if {\n\tis_string(value)\n\tresult := value\n} else := result if {\n\tresult := "other"\n} else := set()';
    const inline = (definition: string, totals: readonly string[] = []) => inlineTailCalls([definition], [shown], new Set(totals))[0];
    // A parameter and a rule read with a default are defined: inlined.
    expect(inline("f(x) := result if {\n\tresult := shown(x)\n} else := set()")).toBe('f(x) := x if {\n\tis_string(x)\n} else := "other"');
    expect(inline("gkc_shared_2 := shown(gkc_shared_1)", ["gkc_shared_1"])).toBe('gkc_shared_2 := gkc_shared_1 if {\n\tis_string(gkc_shared_1)\n} else := "other"');
    // A rule that may be undefined, or a reference: `not is_string(r)` would hold where the call failed.
    for (const definition of ["gkc_shared_2 := shown(gkc_shared_1)", "f(x) := result if {\n\tresult := shown(x.name)\n} else := set()"]) expect(inline(definition)).toBe(definition);
    // Nor a constant or a computed term: OPA would type the parameter's every use by a constant
    // (startswith(1, "a") fails to compile), and a term would be computed again in each branch.
    for (const definition of ['f(x) := shown("a")', 'gkc_shared_2 := shown(lower(gkc_shared_1))']) expect(inline(definition, ["gkc_shared_1"])).toBe(definition);
    // A path read of a defined name by string keys is defined and typed any: inlined, read where the parameter was.
    const read = 'object.get(input, ["a", "b"], set())';
    expect(inline(`gkc_shared_2 := shown(${read})`)).toBe(`gkc_shared_2 := ${read} if {\n\tis_string(${read})\n} else := "other"`);
    // Not of anything but the input, even a defined name: object.get of a value that is not an
    // object is undefined, and `not is_string(…)` of it would hold where the call failed. Nor by
    // a computed key, or with another default.
    const ofParameter = 'f(x) := result if {\n\tresult := shown(object.get(x, ["a"], set()))\n} else := set()';
    expect(inline(ofParameter)).toBe(ofParameter);
    for (const term of ['object.get(gkc_shared_1, ["a"], set())', 'object.get(input, [k], set())', 'object.get(input, ["a"], "")']) {
      expect(inline(`gkc_shared_2 := shown(${term})`, ["gkc_shared_1"])).toBe(`gkc_shared_2 := shown(${term})`);
    }
    // Nor where the callee's first branch reads the parameter more than twice (each read a
    // lookup where the call made one), or any branch reads into it (no Rego once it is a call).
    const thrice = 'g(value) := value if {\n\tis_string(value)\n\tvalue != ""\n} else := ""';
    const into = 'g(value) := value.name if {\n\tis_object(value)\n} else := ""';
    for (const callee of [thrice, into]) expect(inlineTailCalls([`gkc_shared_2 := g(${read})`], [callee], new Set())[0]).toBe(`gkc_shared_2 := g(${read})`);
    // Before a call, a binding or a computed test is not repeated before each of the callee's branches.
    const computed = "f(x) := result if {\n\ty := lower(x)\n\tresult := shown(y)\n} else := set()";
    expect(inline(computed)).toBe(computed);
    // The callee's locals are renamed apart from the caller's names.
    const local = 'g(value) := result if {\n\ty := upper(value)\n\tresult := y\n} else := set()';
    expect(inlineTailCalls(["f(y) := result if {\n\tresult := g(y)\n} else := set()"], [local], new Set())[0]).toBe("f(y) := y_1 if {\n\ty_1 := upper(y)\n} else := set()");
    // Crossed arguments: each parameter becomes its argument once, and not then the other's.
    const joined = 'g(a, b) := concat("", [a, b]) if {\n\tis_string(a)\n} else := ""';
    expect(inlineTailCalls(["f(a, b) := g(b, a)"], [joined], new Set())[0]).toBe('f(a, b) := concat("", [b, a]) if {\n\tis_string(b)\n} else := ""');
    // A callee that binds by unification or reads an undeclared name is left as a call.
    const unified = "h(value) := result if {\n\t[a, b] = value\n\tresult := a\n} else := set()";
    expect(inlineTailCalls(["f(x) := h(x)"], [unified], new Set())[0]).toBe("f(x) := h(x)");
  });

  test("an atomic term needs no parentheses as an operand", () => {
    for (const term of ["x", "input.review.object", 'f(a, "(")', "set()", '"a == b"', "[1, 2]", "-3", 'object.get(input, ["a"], set())']) expect(isAtomicTerm(term), term).toBe(true);
    for (const term of ["a == b", "f(a) == g(b)", "count(x) > 0", "[1] == [2]", "not x"]) expect(isAtomicTerm(term), term).toBe(false);
  });
});
