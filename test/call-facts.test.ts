// The facts each helper's parameters get from its calls (compiler/emit/rego/call-facts.ts): joined
// over every call, and checked against a later emission's calls before that emission is used.
import { describe, expect, test } from "vitest";
import type { Expr } from "../compiler/ir.js";
import { CallFacts, withParameterFacts } from "../compiler/emit/rego/call-facts.js";
import { ANY, ARRAY, Facts, NUMBER, STRING, UNDEFINED, type Kinds } from "../compiler/emit/rego/facts.js";

const arg = (name: string): Expr => ({ kind: "local", name });
/** Notes a call of `helper` whose arguments have these kinds. */
function call(into: CallFacts, helper: string, kinds: readonly Kinds[]): void {
  const byName = new Map(kinds.map((k, i) => [`a${i}`, k]));
  into.note(helper, kinds.map((_, i) => arg(`a${i}`)), Facts.EMPTY, (e) => (e.kind === "local" ? byName.get(e.name) ?? ANY : ANY), () => ANY);
}

describe("call facts", () => {
  test("a parameter gets what every call passes it, joined", () => {
    const calls = new CallFacts();
    call(calls, "f", [STRING, NUMBER]);
    call(calls, "f", [STRING, UNDEFINED]);
    expect(calls.of("f")?.map((a) => a.kinds)).toEqual([STRING, NUMBER | UNDEFINED]);
    expect(calls.of("g")).toBeUndefined();
    const facts = withParameterFacts(Facts.EMPTY, ["x", "y"], calls.of("f"));
    expect(facts.kindsOfLocal("x")).toBe(STRING);
    expect(facts.kindsOfLocal("y")).toBe(NUMBER | UNDEFINED);
    // A helper never called gets nothing.
    expect(withParameterFacts(Facts.EMPTY, ["x"], calls.of("g")).kindsOfLocal("x")).toBe(ANY);
  });

  test("a later emission's calls are accepted only where they pass no more than was assumed", () => {
    const assumed = new CallFacts();
    call(assumed, "f", [STRING | NUMBER]);
    const narrower = new CallFacts();
    call(narrower, "f", [STRING]);
    call(narrower, "h", [ARRAY]); // emitted without facts: nothing assumed of it
    expect(narrower.within(assumed)).toBe(true);
    const wider = new CallFacts();
    call(wider, "f", [STRING | ARRAY]);
    expect(wider.within(assumed)).toBe(false);
  });
});
