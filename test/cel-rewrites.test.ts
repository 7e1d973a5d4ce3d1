// The textual rewrites the CEL emitter applies after emission (compiler/emit/cel/scan.ts,
// inline.ts, values.ts letIn): what they change, and what they must leave alone (string literals,
// reads inside comprehensions, values read more than once). Their meaning on real templates is
// checked by test/cel.test.ts (Gatekeeper's CEL against the TypeScript) and the API server's
// acceptance of every expression (test/cluster/vap-library.test.ts).
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { compilePolicyFile, createPolicyProject } from "../compiler/compile.js";
import { PACKAGE_ROOT } from "../compiler/package.js";
import { dropUnread, inlineSingleReads, readingStringsDirectly, stringFastPaths } from "../compiler/emit/cel/inline.js";
import { chainOperands, collapseDyn, conditionalParts, identifierUses, isDynCall } from "../compiler/emit/cel/scan.js";
import { and, ANY, evaluationWeight, letIn, memberLiteral, not, or, T } from "../compiler/emit/cel/values.js";
import { membershipTest } from "../compiler/emit/cel/membership.js";

describe("identifierUses", () => {
  test("counts identifiers, not member names, parts of longer names or text in strings", () => {
    expect(identifierUses(`x + x_1 + o.x + "x (x)" + 'x' + x`, "x")).toMatchObject({ count: 2, inLoop: false, at: 0 });
  });
  test("a read inside a comprehension's arguments is in a loop; its receiver is not", () => {
    expect(identifierUses("xs.map(e, e + y)", "y").inLoop).toBe(true);
    expect(identifierUses("xs.map(e, e + y)", "xs").inLoop).toBe(false);
    expect(identifierUses("xs.exists(e, f(y))", "y").inLoop).toBe(true);
    expect(identifierUses("size(y) + f(y)", "y")).toMatchObject({ count: 2, inLoop: false });
  });
  test("a variable read counts as one identifier", () => {
    expect(identifierUses("variables.gkc_v1 + variables.gkc_v12", "variables.gkc_v1").count).toBe(1);
  });
});

describe("letIn", () => {
  test("a value never read is not computed", () => {
    expect(letIn("v_1", "expensive()", `"no read of v_1 here"`)).toBe(`"no read of v_1 here"`);
  });
  test("a value read once outside a comprehension goes where it is read", () => {
    expect(letIn("v_1", "a.b", "size(v_1) > 0")).toBe("size(dyn(a.b)) > 0");
  });
  test("a value read twice, or in a comprehension, is bound once", () => {
    const costly = "a.b.map(x, x + 1)";
    expect(letIn("v_1", costly, "v_1 + v_1")).toBe(`[dyn(${costly})].map(v_1, v_1 + v_1)[0]`);
    expect(letIn("v_1", "a.b", "xs.map(e, e + v_1)")).toBe("[dyn(a.b)].map(v_1, xs.map(e, e + v_1))[0]");
  });
  test("a cheap value read a few times outside comprehensions is read again, not bound", () => {
    const read = `("k" in o ? o["k"] : b"")`;
    expect(letIn("v_1", read, `type(v_1) == map && "x" in v_1`)).toBe(`type(dyn(${read})) == map && "x" in dyn(${read})`);
    expect(letIn("v_1", read, "v_1 + v_1 + v_1 + v_1")).toBe(`[dyn(${read})].map(v_1, v_1 + v_1 + v_1 + v_1)[0]`);
    const long = `("${"k".repeat(60)}" in o ? o["${"k".repeat(60)}"] : b"")`;
    expect(letIn("v_1", long, "v_1 + v_1")).toBe(`[dyn(${long})].map(v_1, v_1 + v_1)[0]`);
  });
});

describe("membershipTest: a value only compared with constants is read once", () => {
  const value = `[o].map(x, x)[0]`;
  test("a conjunction of negated comparisons is a negated membership; the undefined test is a comparison with b\"\"", () => {
    expect(membershipTest("v_1", value, `(!((type(v_1) == bytes)) && !((false == dyn(v_1))))`)).toBe(`!(dyn(${value}) in [dyn(b""), dyn(false)])`);
    expect(letIn("v_1", value, `(!((type(v_1) == bytes)) && !((false == dyn(v_1))))`)).toBe(`!(dyn(${value}) in [dyn(b""), dyn(false)])`);
  });
  test("a list without b\"\" is not written: cel-go hashes a constant list of scalars, and b\"\" (undefined) cannot be hashed", () => {
    expect(membershipTest("v_1", value, `(("a" == v_1) || ("b" == v_1))`)).toBeUndefined();
    expect(membershipTest("v_1", value, `(!(("a" == v_1)) && !((v_1 == 1)))`)).toBeUndefined();
  });
  test("a disjunction of comparisons, on either side, with any JSON constant, is a membership", () => {
    expect(membershipTest("v_1", value, `((type(v_1) == bytes) || ("a\\" b" == v_1) || (v_1 == dyn(-1.5)) || (type(v_1) == null_type))`)).toBe(
      `(dyn(${value}) in [dyn(b""), dyn("a\\" b"), dyn(-1.5), dyn(null)])`,
    );
  });
  test("anything else about the value keeps the binding", () => {
    for (const body of [
      `(!((type(v_1) == bytes)) && (false == dyn(v_1)))`, // a positive term in a conjunction
      `((type(v_1) == bytes) || !((false == dyn(v_1))))`, // a negated term in a disjunction
      `((type(v_1) == string) || (false == dyn(v_1)))`, // a type test other than undefined or null
      `((type(v_1) == bytes) || (v_1 == other))`, // a comparison with no constant
      `((type(v_1) == bytes) || (v_1 > 1))`,
      `((type(v_1) == bytes) || ("x" == v_1_2) || (v_1 == 1))`, // another identifier
      `((type(v_1) == bytes) ? true : false == v_1)`,
    ]) {
      expect(membershipTest("v_1", value, body), body).toBeUndefined();
      expect(letIn("v_1", value, body), body).toBe(`[dyn(${value})].map(v_1, ${body})[0]`);
    }
  });
});

describe("and, or: the cheapest term first", () => {
  const loop = "xs.exists(x, x == 1)";
  const regex = `s.matches("^a")`;
  test("a comprehension or a regular expression goes after short tests, which keep their order", () => {
    expect(and(loop, "type(a) == map", `"k" in a`)).toBe(`(type(a) == map && "k" in a && ${loop})`);
    expect(or(regex, "b", loop)).toBe(`(b || ${regex} || ${loop})`);
  });
  test("a term that is a chain of the same operator joins the chain, its short tests first", () => {
    const guarded = and(`!("" == r)`, `r.matches("x")`);
    expect(guarded).toBe(`(!("" == r) && r.matches("x"))`);
    expect(and(guarded, `!(v.matches(r))`)).toBe(`(!("" == r) && r.matches("x") && !(v.matches(r)))`);
    // Another operator at the chain's top level keeps the term whole.
    expect(and(`(a || b)`, loop)).toBe(`((a || b) && ${loop})`);
    expect(chainOperands(`(a && "x && y" && (b || c))`, "&&")).toEqual(["a", `"x && y"`, "(b || c)"]);
    expect(chainOperands(`(a && b ? c : d)`, "&&")).toBeUndefined();
    expect(chainOperands(`(a) && (b)`, "&&")).toBeUndefined();
  });
  test("constants still fold", () => {
    expect(and(loop, "false")).toBe("false");
    expect(or(loop, "true")).toBe("true");
    expect(and(loop, "true")).toBe(loop);
  });
  test("weight: short tests weigh nothing, loops and regular expressions much", () => {
    expect(evaluationWeight("type(a) == map")).toBe(0);
    expect(evaluationWeight(loop)).toBeGreaterThan(evaluationWeight(regex));
    expect(evaluationWeight(regex)).toBeGreaterThan(0);
  });
});

describe("collapseDyn", () => {
  test("dyn(dyn(x)) is dyn(x), at any depth", () => {
    expect(collapseDyn("dyn(dyn(x))")).toBe("dyn(x)");
    expect(collapseDyn("f(dyn(dyn(dyn(g(1, 2)))))")).toBe("f(dyn(g(1, 2)))");
  });
  test("leaves a dyn whose argument is more than the inner call, other functions and string literals alone", () => {
    for (const text of ["dyn(dyn(x).map(e, e))", "dyn(dyn(x) + 1)", "to_dyn(dyn(x))", `"dyn(dyn(x))"`, `"a)" + dyn(dyn(")"))`]) {
      expect(collapseDyn(text)).toBe(text.startsWith(`"a)"`) ? `"a)" + dyn(")")` : text);
    }
  });
  test("isDynCall is one dyn() call as a whole", () => {
    expect(isDynCall("dyn(a(b))")).toBe(true);
    expect(isDynCall("dyn(a) + dyn(b)")).toBe(false);
    expect(isDynCall(`dyn(")")`)).toBe(true);
  });
});

describe("inlineSingleReads", () => {
  const inline = (variables: [string, string][], validations: string[]) =>
    inlineSingleReads(
      variables.map(([name, expression]) => ({ name, expression })),
      validations,
      (name) => /^gkc_v\d+$/.test(name),
      100_000,
    );

  test("a variable read once outside every comprehension moves into its reader", () => {
    const result = inline(
      [
        ["gkc_v0", "dyn(a + 1)"],
        ["gkc_v1", "dyn(variables.gkc_v0 * 2)"],
      ],
      ["variables.gkc_v1 > 3"],
    );
    expect(result.variables).toEqual([]);
    expect(result.others).toEqual(["dyn(dyn(a + 1) * 2) > 3"]);
  });

  test("a variable read twice, or in a comprehension, or not inlinable stays", () => {
    const result = inline(
      [
        ["gkc_v0", "dyn(a)"],
        ["gkc_v1", "dyn(b)"],
        ["gkc_parameters", "p"],
      ],
      ["variables.gkc_v0 + variables.gkc_v0", "xs.all(e, e == variables.gkc_v1)", "variables.gkc_parameters"],
    );
    expect(result.variables.map((v) => v.name)).toEqual(["gkc_v0", "gkc_v1", "gkc_parameters"]);
  });

  test("text in a string literal is no read", () => {
    const result = inline([["gkc_v0", "dyn(a)"]], [`"variables.gkc_v0" + string(variables.gkc_v0)`]);
    expect(result.others).toEqual([`"variables.gkc_v0" + string(dyn(a))`]);
  });

  test("a cheap variable read up to three times, outside comprehensions, moves into every reader", () => {
    const cheap = (expression: string) => !expression.includes(".map(");
    const run = (reads: string[]) =>
      inlineSingleReads(
        [
          ["gkc_v0", `dyn(("k" in o ? o["k"] : b""))`],
          ["gkc_v1", `dyn(xs.map(x, x + 1))`],
        ].map(([name, expression]) => ({ name: name!, expression: expression! })),
        reads,
        (name) => /^gkc_v\d+$/.test(name),
        100_000,
        cheap,
      );
    const three = run(["type(variables.gkc_v0) == map && variables.gkc_v0 != variables.gkc_v1", "size(variables.gkc_v0) > 0", "variables.gkc_v1 == []"]);
    expect(three.variables.map((v) => v.name)).toEqual(["gkc_v1"]);
    expect(three.others[1]).toBe(`size(dyn(("k" in o ? o["k"] : b""))) > 0`);
    // Four reads, or one inside a comprehension, keep it; an expensive one read twice stays too.
    expect(run(["variables.gkc_v0 + variables.gkc_v0", "variables.gkc_v0 + variables.gkc_v0"]).variables.map((v) => v.name)).toEqual(["gkc_v0", "gkc_v1"]);
    expect(run(["variables.gkc_v0", "ys.all(y, y == variables.gkc_v0)"]).variables.map((v) => v.name)).toEqual(["gkc_v0", "gkc_v1"]);
  });

  test("a reader that would outgrow cel-go's parser limit keeps the variable", () => {
    const result = inlineSingleReads([{ name: "gkc_v0", expression: `dyn("${"x".repeat(50)}")` }], ["variables.gkc_v0"], () => true, 40);
    expect(result.variables.map((v) => v.name)).toEqual(["gkc_v0"]);
  });
});

describe("dropUnread", () => {
  const variables = (pairs: readonly (readonly [string, string])[]) => pairs.map(([name, expression]) => ({ name, expression }));
  const ours = (name: string) => name.startsWith("gkc_v");

  test("an unread variable goes, and one only it read goes with it; read ones and others stay", () => {
    const kept = dropUnread(
      variables([
        ["gkc_v0", "dyn(a)"],
        ["gkc_v1", "dyn(b)"],
        ["gkc_v2", "variables.gkc_v1 + 1"],
        ["gkc_v3", "dyn(c)"],
        ["gkc_yield_7", "[variables.gkc_v0]"],
        ["gkc_yield_9", "[]"],
      ]),
      ["size(variables.gkc_yield_7) == 0", "xs.all(e, e == variables.gkc_v3)"],
      ours,
    );
    expect(kept.map((v) => v.name)).toEqual(["gkc_v0", "gkc_v3", "gkc_yield_7", "gkc_yield_9"]);
  });

  test("a name in a string literal is no read", () => {
    expect(dropUnread(variables([["gkc_v0", "dyn(a)"]]), [`"variables.gkc_v0"`], ours)).toEqual([]);
  });
});

describe("readingStringsDirectly: a message reads a printed string itself, not the variable that prints it", () => {
  const printing = { name: "gkc_v20", expression: `dyn(((type(variables.gkc_v3) == string) ? variables.gkc_v3 : (type(variables.gkc_v3) == list ? "[...]" : "{...}")))` };
  const other = { name: "gkc_v21", expression: `dyn(((type(variables.gkc_v3) == map) ? "{...}" : variables.gkc_v3))` };
  const printed = stringFastPaths([printing, other, { name: "gkc_v22", expression: `dyn(((type(variables.gkc_v4) == string) ? variables.gkc_v5 : ""))` }]);
  test("only a dispatch whose first case is its own subject, a string, prints it", () => {
    expect([...printed]).toEqual([["gkc_v20", "variables.gkc_v3"]]);
  });
  test("each read of such a variable tests the string first; other reads stay", () => {
    expect(readingStringsDirectly(`string(dyn(("pod " + variables.gkc_v20 + " in " + variables.gkc_v21)))`, printed)).toBe(
      `string(dyn(("pod " + (type(variables.gkc_v3) == string ? variables.gkc_v3 : variables.gkc_v20) + " in " + variables.gkc_v21)))`,
    );
  });
  test("a name inside a string literal, or a longer name, is no read", () => {
    const text = `"variables.gkc_v20" + variables.gkc_v200`;
    expect(readingStringsDirectly(text, printed)).toBe(text);
  });
  test("the emitter's own printing takes that form: K8sPSPHostNamespace's message reads a string name itself", () => {
    // The rewrite matches the printed dispatch's text: if the printer changes its form, this fails.
    const compiled = compilePolicyFile(createPolicyProject(), join(PACKAGE_ROOT, "policies", "psp-host-namespaces.ts"), "K8sPSPHostNamespace", { project: PACKAGE_ROOT, engine: "both" });
    const [message] = compiled.cel?.validations.map((v) => v.messageExpression) ?? [];
    expect(message).toMatch(/\(type\((variables\.gkc_v\d+)\) == string \? \1 : variables\.gkc_v\d+\)/);
  }, 60_000);
});

describe("not", () => {
  test("folds constants and a double negation, keeping the operand one term", () => {
    expect(not("true")).toBe("false");
    expect(not("x == 1")).toBe("!(x == 1)");
    expect(not("!((type(v) == bytes))")).toBe("(type(v) == bytes)");
    expect(not("!(a || b)")).toBe("(a || b)");
    expect(and(not("!(a || b)"), "c")).toBe("((a || b) && c)");
  });
  test("a negation that is not the whole test stays negated", () => {
    expect(not("!(a) && b")).toBe("!(!(a) && b)");
    expect(not(`!("!(")`)).toBe(`("!(")`);
  });
});

describe("memberLiteral: a member read by name", () => {
  test("is an optional index, tested not to be a list unless the facts exclude one", () => {
    expect(memberLiteral("o", "k", ANY)).toBe(`((type(o) == list) ? b"" : o[?"k"].orValue(b""))`);
    expect(memberLiteral("o", "k", T.map | T.undefined)).toBe(`o[?"k"].orValue(b"")`);
    expect(memberLiteral("o", 'a"b', T.map)).toBe(`o[?"a\\"b"].orValue(b"")`);
  });
  test("is undefined where the value cannot be a map", () => {
    expect(memberLiteral("o", "k", T.list | T.string)).toBe(`b""`);
  });
});

describe("conditionalParts", () => {
  test("splits a conditional as cond() writes it", () => {
    expect(conditionalParts(`(a == "?:" ? [x] : [])`)).toEqual({ test: `a == "?:"`, then: "[x]", otherwise: "[]" });
    expect(conditionalParts(`((b ? c : d) ? [f(x ? 1 : 2)] : [])`)).toEqual({ test: "(b ? c : d)", then: "[f(x ? 1 : 2)]", otherwise: "[]" });
  });
  test("leaves alone what is not one conditional at its top level", () => {
    for (const text of [`(a ? b : c ? d : e)`, `(a ? b : c) + (d ? e : f)`, `a ? b : c`, `(a && b)`, `(m.?k ? b : c)`]) expect(conditionalParts(text), text).toBeUndefined();
  });
});

describe("a skipped element's test and the yield's test are one chain, the cheaper first", () => {
  test("K8sPSPAllowPrivilegeEscalationContainer tests the security context before the exemption's loop", () => {
    // `if (isExemptContainer(...)) continue;` precedes the test in the TypeScript; in one chain,
    // or() puts the comprehension over the exempt images last.
    const compiled = compilePolicyFile(createPolicyProject(), join(PACKAGE_ROOT, "policies", "psp-allow-privilege-escalation.ts"), "K8sPSPAllowPrivilegeEscalationContainer", { project: PACKAGE_ROOT, engine: "both" });
    const yieldList = compiled.cel?.variables.find((v) => v.name.startsWith("gkc_yield_"))?.expression ?? "";
    expect(yieldList.indexOf('"allowPrivilegeEscalation"')).toBeGreaterThan(0);
    expect(yieldList.indexOf('"allowPrivilegeEscalation"')).toBeLessThan(yieldList.indexOf(".exists(e_exemption"));
  }, 60_000);
});
