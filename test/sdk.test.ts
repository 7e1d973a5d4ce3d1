// Differential test: every SDK helper (sdk/*.ts) against its Rego counterpart
// (compiler/emit/rego/sdk-functions.ts), evaluated by the real OPA compiled to WebAssembly.
// Rego's set() (the compiled `undefined`) is reported as {"defined": false}; the TS side is
// mapped the same way, so an undefined result on either side is visible.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { SDK_REGO, SDK_REGO_HELPERS } from "../compiler/emit/rego/sdk-functions.js";
import { allContainers, containersAndInitContainers, podSpec, POD_CONTROLLER_KINDS } from "../sdk/podspec.js";
import { compareQuantities, compareScaledQuantities, parseQuantity, quantityNanos, type Quantity } from "../sdk/quantity.js";
import { parseImage } from "../sdk/image.js";
import { matchesWildcard } from "../sdk/wildcard.js";
import { isValidRegex, regexMatches, UNSUPPORTED_REGEX_MARKERS, UNSUPPORTED_REGEX_PATTERN } from "../sdk/regex.js";
import { trimCharacters } from "../sdk/strings.js";
import { regoEquals, regoGreater, regoGreaterOrEqual, regoLess, regoLessOrEqual, scalarEquals } from "../sdk/order.js";
import { compileRegoToWasm, type WasmPolicy } from "../verify/wasm.js";
import { toolPath } from "../verify/tools.js";

// Property runs per check; raise SDK_FUZZ_RUNS for a deeper local soak.
const RUNS = Number(process.env.SDK_FUZZ_RUNS ?? 400);
vi.setConfig({ testTimeout: Math.max(30_000, RUNS * 60) });

const helpers = Object.values(SDK_REGO_HELPERS).map((f) => f.source);

const DISPATCH = `
dispatch("podSpec", args) := gkc_pod_spec(args[0])

dispatch("allContainers", args) := gkc_all_containers(args[0])

dispatch("containersAndInitContainers", args) := gkc_containers_and_init_containers(args[0])

dispatch("parseQuantity", args) := [(w - (w % 1000000000)) / 1000000000, w % 1000000000, f] if {
	[w, f] := gkc_parse_quantity(args[0])
} else := gkc_parse_quantity(args[0])

dispatch("compareQuantities", args) := gkc_compare_quantities(args[0], args[1])

dispatch("compareScaledValues", args) := gkc_compare_scaled_quantities(args[0], args[1], args[2])

dispatch("compareParsed", args) := gkc_compare_quantities(gkc_parse_quantity(args[0]), gkc_parse_quantity(args[1]))

dispatch("compareScaled", args) := gkc_compare_scaled_quantities(gkc_parse_quantity(args[0]), gkc_parse_quantity(args[1]), gkc_parse_quantity(args[2]))

dispatch("parseImage", args) := gkc_parse_image(args[0])

dispatch("matchesWildcard", args) := gkc_matches_wildcard(args[0], args[1])

dispatch("regexMatches", args) := gkc_regex_matches(args[0], args[1])

dispatch("isValidRegex", args) := gkc_is_valid_regex(args[0])

dispatch("regexMatchesValid", args) := gkc_regex_matches_valid(args[0], args[1])

dispatch("trimCharacters", args) := gkc_trim_characters(args[0], args[1])

dispatch("regoLess", args) := gkc_rego_less(maybe(args[0]), maybe(args[1]))

dispatch("regoLessOrEqual", args) := gkc_rego_less_or_equal(maybe(args[0]), maybe(args[1]))

dispatch("scalarEquals", args) := gkc_scalar_equals(maybe(args[0]), maybe(args[1]))

dispatch("regoEquals", args) := gkc_rego_equals(maybe(args[0]), maybe(args[1]))

# UNDEFINED_ARG stands for undefined, which JSON cannot carry: set() in Rego.
maybe(value) := set() if {
	value == {"gkc.test": "undefined"}
} else := value

result := {"defined": false} if {
	value := dispatch(input.fn, input.args)
	value == set()
} else := {"defined": true, "value": value} if {
	value := dispatch(input.fn, input.args)
}
`;

const MODULE = `package sdktest\n\nimport rego.v1\n\n${helpers.join("\n\n")}\n${DISPATCH}`;

let policy: WasmPolicy;

beforeAll(async () => {
  policy = await compileRegoToWasm(MODULE, "sdktest/result");
}, 120_000);

interface Wrapped {
  defined: boolean;
  value?: unknown;
}

function rego(fn: string, ...args: unknown[]): Wrapped {
  const out = policy.evaluate({ fn, args });
  if (out === undefined) throw new Error(`Rego result undefined for ${fn}(${JSON.stringify(args)})`);
  return out as Wrapped;
}

function wrap(value: unknown): Wrapped {
  return value === undefined ? { defined: false } : { defined: true, value };
}

/**
 * The Rego representation [whole, nanos] of a TS quantity, with whole split into its digits above
 * and below 1e9 (the test rule does the same) so every number survives JSON exactly.
 */
function quantityTuple(q: Quantity | undefined): Wrapped {
  const nanos = quantityNanos(q);
  if (nanos === undefined) return { defined: false };
  const billion = 1_000_000_000n;
  const whole = nanos / billion;
  return { defined: true, value: [Number(whole / billion), Number(whole % billion), Number(nanos % billion)] };
}

// --- TS twins of each dispatch entry --------------------------------------------------------

const TS: Record<string, (...args: unknown[]) => Wrapped> = {
  podSpec: (a) => wrap(podSpec(a)),
  allContainers: (a) => wrap(allContainers(a)),
  containersAndInitContainers: (a) => wrap(containersAndInitContainers(a)),
  parseQuantity: (a) => quantityTuple(parseQuantity(a)),
  compareParsed: (a, b) => wrap(compareQuantities(parseQuantity(a) as Quantity, parseQuantity(b) as Quantity)),
  compareScaled: (a, f, b) =>
    wrap(compareScaledQuantities(parseQuantity(a) as Quantity, parseQuantity(f) as Quantity, parseQuantity(b) as Quantity)),
  parseImage: (a) => wrap(parseImage(a)),
  matchesWildcard: (a, b) => wrap(matchesWildcard(a as string, b as string)),
  regexMatches: (a, b) => wrap(regexMatches(a as string, b as string)),
  // The compiler calls it only with a literal pattern the SDK calls valid: regexMatches there.
  regexMatchesValid: (a, b) => {
    if (!isValidRegex(a)) throw new Error(`regexMatchesValid of an invalid pattern ${JSON.stringify(a)}`);
    return wrap(regexMatches(a as string, b as string));
  },
  isValidRegex: (a) => wrap(isValidRegex(a)),
  trimCharacters: (a, b) => wrap(trimCharacters(a, b)),
  regoLess: (a, b) => wrap(regoLess(maybe(a), maybe(b))),
  regoLessOrEqual: (a, b) => wrap(regoLessOrEqual(maybe(a), maybe(b))),
  scalarEquals: (a, b) => wrap(scalarEquals(maybe(a), maybe(b))),
  regoEquals: (a, b) => wrap(regoEquals(maybe(a), maybe(b))),
};

/** An argument that stands for undefined (the Rego dispatch maps it to set()). */
const UNDEFINED_ARG = { "gkc.test": "undefined" };

function maybe(value: unknown): unknown {
  return JSON.stringify(value) === JSON.stringify(UNDEFINED_ARG) ? undefined : value;
}

function agree(fn: string, ...args: unknown[]): Wrapped {
  const ts = TS[fn];
  if (ts === undefined) throw new Error(`no TS twin for ${fn}`);
  const expected = ts(...args);
  const actual = rego(fn, ...args);
  expect(actual, `${fn}(${args.map((a) => JSON.stringify(a)).join(", ")})`).toStrictEqual(expected);
  return expected;
}

/** Property-test variant: returns a boolean so fast-check shrinks and reports the counterexample. */
function agrees(fn: string, ...args: unknown[]): boolean {
  const ts = TS[fn];
  if (ts === undefined) throw new Error(`no TS twin for ${fn}`);
  expect(rego(fn, ...args), `${fn}(${args.map((a) => JSON.stringify(a)).join(", ")})`).toStrictEqual(ts(...args));
  return true;
}

const ODD_VALUES: unknown[] = [null, true, false, 0, -1, 1.5, "", "x", "*", "1", [], [1, 2], ["a"], {}, { kind: "Pod" }];

// --- the Rego text itself -------------------------------------------------------------------

describe("Rego sources", () => {
  it("are formatted exactly as opa fmt prints them and pass opa check --strict", () => {
    const opa = toolPath("opa");
    const module = `package x\n\nimport rego.v1\n\n${helpers.join("\n\n")}\n`;
    const formatted = execFileSync(opa, ["fmt"], { input: module, encoding: "utf8" });
    expect(formatted).toBe(module);
    const dir = mkdtempSync(join(tmpdir(), "gkc-sdk-"));
    try {
      writeFileSync(join(dir, "sdk.rego"), module);
      execFileSync(opa, ["check", "--strict", join(dir, "sdk.rego")], { encoding: "utf8" });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("declare every gkc_ function they call as a dep, and export every SDK function", () => {
    for (const f of Object.values(SDK_REGO_HELPERS)) {
      expect(f.name).toMatch(/^gkc_/);
      expect(f.source.startsWith(`${f.name}(`)).toBe(true);
      for (const dep of f.deps) expect(SDK_REGO_HELPERS[dep], `${f.name} -> ${dep}`).toBeDefined();
    }
    for (const f of Object.values(SDK_REGO)) expect(SDK_REGO_HELPERS[f.name]).toBe(f);
    expect(Object.keys(SDK_REGO).sort()).toEqual(
      [
        "allContainers",
        "compareQuantities",
        "compareScaledQuantities",
        "containersAndInitContainers",
        "isValidRegex",
        "matchesWildcard",
        "parseImage",
        "parseQuantity",
        "podSpec",
        "regexMatches",
        "regoLess",
        "regoLessOrEqual",
        "regoEquals",
        "scalarEquals",
        "trimCharacters",
      ].sort(),
    );
  });

  it("are total: every SDK function is defined for odd arguments", () => {
    for (const a of ODD_VALUES) {
      for (const fn of ["podSpec", "allContainers", "containersAndInitContainers", "parseImage", "isValidRegex"]) {
        agree(fn, a);
      }
      agree("parseQuantity", a);
      for (const b of ODD_VALUES) {
        agree("matchesWildcard", a, b);
        agree("regexMatches", a, b);
        agree("trimCharacters", a, b);
        agree("compareParsed", a, b);
        agree("compareScaled", a, "2", b);
        agree("compareScaled", "1", a, b);
        // Raw JSON arrays are not TS quantities; only definedness is comparable here.
        expect(rego("compareQuantities", a, b).defined).toBe(true);
      }
    }
  });
});

// --- Rego's order (sdk/order.ts) -----------------------------------------------------------

describe("regoLess, regoLessOrEqual, regoGreater, regoGreaterOrEqual, scalarEquals, regoEquals", () => {
  // Every type, undefined, integers and fractions, strings whose UTF-16 and code point orders
  // differ (U+E000 against U+10000), and arrays and objects that Rego itself would order.
  const values: unknown[] = [
    UNDEFINED_ARG, null, false, true, -1, 0, 0.5, 1, 2, 1e21, "", "1", "a", "ab", "b", "\uE000", "\u{10000}", "\u{10000}a",
    [], [1], [1, 2], [2], ["a"], {}, { a: 1 }, { a: 2 }, { b: 0 },
  ];

  it("agree with the Rego functions on every pair of values", () => {
    for (const a of values) {
      for (const b of values) {
        const less = agree("regoLess", a, b).value;
        const lessOrEqual = agree("regoLessOrEqual", a, b).value;
        const equal = agree("scalarEquals", a, b).value;
        const deepEqual = agree("regoEquals", a, b).value;
        // Equal scalars are deeply equal; deep equality adds equal arrays and objects.
        if (equal === true) expect(deepEqual).toBe(true);
        // The greater forms are the less forms with the operands swapped (the compiler emits them so).
        expect(regoGreater(maybe(b), maybe(a)), `${JSON.stringify(b)} > ${JSON.stringify(a)}`).toBe(less);
        expect(regoGreaterOrEqual(maybe(b), maybe(a)), `${JSON.stringify(b)} >= ${JSON.stringify(a)}`).toBe(lessOrEqual);
        expect(lessOrEqual).toBe(less === true || equal === true);
      }
    }
  });

  it("order scalars as Rego does: by type, then by value, strings by code point", () => {
    expect(regoLess(null, false)).toBe(true);
    expect(regoLess(true, 0)).toBe(true);
    expect(regoLess(1e21, "")).toBe(true);
    expect(regoLess("z", [])).toBe(true);
    expect(regoLess([], {})).toBe(true);
    expect(regoLess({}, undefined)).toBe(false);
    expect(regoLess("\uE000", "\u{10000}")).toBe(true);
    expect("\uE000" < "\u{10000}").toBe(false);
    expect(regoLess([1], [2])).toBe(false);
    expect(scalarEquals(1, 1.0)).toBe(true);
    expect(scalarEquals([], [])).toBe(false);
    expect(regoEquals([1, { a: "x" }], [1.0, { a: "x" }])).toBe(true);
    expect(regoEquals([1, 2], [2, 1])).toBe(false);
    expect(regoEquals({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(regoEquals(undefined, undefined)).toBe(false);
    expect(agree("regoEquals", { a: 1, b: [2, { c: null }] }, { b: [2, { c: null }], a: 1 }).value).toBe(true);
  });

  it("regoEquals agrees with Rego's == on a value and its copy, and on copies that differ in one place", () => {
    const json = fc.jsonValue({ maxDepth: 3 });
    fc.assert(
      fc.property(json, fc.jsonValue({ maxDepth: 1 }), (a, b) => {
        const copy: unknown = JSON.parse(JSON.stringify(a));
        const changed = Array.isArray(copy) ? [...copy, b] : copy !== null && typeof copy === "object" ? { ...copy, gkcExtra: b } : b;
        return agree("regoEquals", a, copy).value === true && agrees("regoEquals", a, changed);
      }),
      { numRuns: RUNS },
    );
  });

  it("agree on generated JSON values", () => {
    const json = fc.oneof(fc.constant(UNDEFINED_ARG), fc.jsonValue({ maxDepth: 2 }), fc.string({ unit: "binary" }));
    fc.assert(
      fc.property(json, json, (a, b) => agrees("regoLess", a, b) && agrees("regoLessOrEqual", a, b) && agrees("scalarEquals", a, b) && agrees("regoEquals", a, b)),
      { numRuns: RUNS },
    );
  });
});

// --- podSpec / containers -------------------------------------------------------------------

describe("podSpec and containers", () => {
  const spec = {
    containers: [{ name: "a" }, "junk", { name: "b" }],
    initContainers: [{ name: "i" }, null],
    ephemeralContainers: [{ name: "e" }],
  };
  const objects: unknown[] = [
    { kind: "Pod", spec },
    { kind: "Pod", spec: [] },
    { kind: "Pod", spec: null },
    { kind: "Pod" },
    { kind: "Deployment", spec: { template: { spec } } },
    { kind: "StatefulSet", spec: { template: { spec: { containers: { name: "notalist" } } } } },
    { kind: "DaemonSet", spec: { template: { spec: { initContainers: [{ name: "x" }] } } } },
    { kind: "ReplicaSet", spec: { template: { spec: { containers: "str", ephemeralContainers: [{}] } } } },
    { kind: "Job", spec: { template: { spec } } },
    { kind: "Job", spec: { template: "x" } },
    { kind: "CronJob", spec: { jobTemplate: { spec: { template: { spec } } } } },
    { kind: "CronJob", spec: { template: { spec } } },
    { kind: "Service", spec },
    { kind: ["Pod"], spec },
    { spec },
    ...ODD_VALUES,
  ];

  it("agree with Rego", () => {
    for (const obj of objects) {
      agree("podSpec", obj);
      agree("allContainers", obj);
      agree("containersAndInitContainers", obj);
    }
  });

  it("give the expected values", () => {
    expect(agree("allContainers", objects[0]).value).toEqual([{ name: "a" }, { name: "b" }, { name: "i" }, { name: "e" }]);
    expect(agree("containersAndInitContainers", objects[10]).value).toEqual([{ name: "a" }, { name: "b" }, { name: "i" }]);
    expect(agree("podSpec", objects[1])).toEqual({ defined: false });
    expect(agree("podSpec", objects[12])).toEqual({ defined: false });
    expect(POD_CONTROLLER_KINDS.map((k) => `${k.apiGroup}/${k.kind}`)).toEqual([
      "/Pod",
      "apps/Deployment",
      "apps/StatefulSet",
      "apps/DaemonSet",
      "apps/ReplicaSet",
      "batch/Job",
      "batch/CronJob",
    ]);
  });

  it("agree on generated objects", () => {
    const container = fc.oneof(fc.record({ name: fc.string({ maxLength: 3 }) }, { noNullPrototype: true }), fc.constantFrom(null, 1, "c", []));
    const list = fc.oneof(fc.array(container, { maxLength: 4 }), fc.constantFrom(null, "x", { a: 1 }));
    const spec = fc.oneof(
      fc.record(
        { containers: list, initContainers: list, ephemeralContainers: list },
        { requiredKeys: [], noNullPrototype: true },
      ),
      fc.constantFrom(null, [], "s"),
    );
    const kind = fc.constantFrom(...POD_CONTROLLER_KINDS.map((k) => k.kind), "Service", "pod", 3);
    const obj = fc.tuple(kind, spec).chain(([k, s]) =>
      fc.constantFrom<unknown>(
        { kind: k, spec: s },
        { kind: k, spec: { template: { spec: s } } },
        { kind: k, spec: { jobTemplate: { spec: { template: { spec: s } } } } },
      ),
    );
    fc.assert(
      fc.property(obj, (o) => agrees("allContainers", o) && agrees("containersAndInitContainers", o) && agrees("podSpec", o)),
      { numRuns: RUNS },
    );
  });
});

// --- quantities -----------------------------------------------------------------------------

const QUANTITY_CASES: unknown[] = [
  "1", "1.5", "1.", ".5", "-1", "+2", "0", "-0", "+.0", "100m", "1n", "1u", "1m", "1k", "1M", "1G", "1T", "1P", "1E",
  "1Ki", "1Mi", "1Gi", "1Ti", "1Pi", "1Ei", "1.5Gi", "0.1Ki", "-1.5Gi", "1e3", "1E3", "1E-3", "1e+3", "1e-12", "-1e-12",
  "1e18", "1e17", "9.99999999999999999e17", "999999999999999999", "999999999999999999.9999999999", "1000000000000000000",
  "12345678901234567890", "0.0000000001", "0.000000001", "0.0000000015", "1.0000000000", "0.1", "0.100000000",
  "7.999Ei", "8Ei", "7Ei", "976562499999999Ki", "976562500000000Ki", "0.0000000001Ki", "00012.3400k", "1e0", "1e-0",
  "0e99999999999999999999", "1e-99999999999999999999", "1e99999999999999999999", "1e-10", "1e-9", "1.5e-9",
  "", " 1", "1 ", "1K", "1k ", "abc", "1.2.3", ".", "+", "-", "e3", "1e", "1ki", "1KI", "1Ki5", "--1", "+-1", "1.5.", "٣",
  2, 0.5, -1, -0.5, 0, 1.0000000005, 1e-7, 1.5e-9, 5e-10, 0.9999999995, 123456789.12345679, 999999999999999900,
  1e18, -1e18, 1e21, 5e-324, null, true, [], {},
];

describe("quantities", () => {
  it("agree with Rego on hand-written cases", () => {
    for (const q of QUANTITY_CASES) agree("parseQuantity", q);
  });

  it("give the expected values", () => {
    const eq = (a: unknown, b: unknown): void => {
      expect(agree("compareParsed", a, b).value, `${String(a)} vs ${String(b)}`).toBe(0);
    };
    const lt = (a: unknown, b: unknown): void => {
      expect(agree("compareParsed", a, b).value, `${String(a)} < ${String(b)}`).toBe(-1);
      expect(agree("compareParsed", b, a).value, `${String(b)} > ${String(a)}`).toBe(1);
    };
    eq("1.5Gi", "1610612736");
    eq("0.1", "100m");
    eq("1e3", "1k");
    eq("1E-3", "1m");
    eq("1Ki", "1024");
    eq("0.1Ki", "102.4");
    eq("1Ei", "1152921504606846976");
    eq("1e-12", "1n");
    eq(2, "2");
    eq(0.5, "500m");
    eq(-1, "-1");
    eq("-0", "0");
    eq("1.", "1");
    eq(".5", "0.5");
    eq("+2", "2");
    lt("1Ki", "1.1k");
    lt("999m", "1");
    lt("-1.5", "-1");
    lt("-1", "-0.5");
    lt("-0.5", "0");
    lt("1n", "2n");
    lt("999999999999999999", "999999999999999999.000000001");
    expect(agree("parseQuantity", "1.5").value).toEqual([0, 1, 500_000_000]);
    expect(agree("parseQuantity", "-1.5").value).toEqual([0, -1, -500_000_000]);
    expect(agree("parseQuantity", "1e-12").value).toEqual([0, 0, 1]);
    expect(agree("parseQuantity", "999999999999999999.9999999999")).toEqual({ defined: false });
    for (const bad of ["", " 1", "1K", "abc", "1.2.3", "1e18", "12345678901234567890", "8Ei", null, true]) {
      expect(agree("parseQuantity", bad), String(bad)).toEqual({ defined: false });
    }
    expect(compareQuantities(undefined as unknown as Quantity, parseQuantity("1") as Quantity)).toBe(0);
    expect(agree("compareParsed", "junk", "1").value).toBe(0);
  });

  const digits = (max: number): fc.Arbitrary<string> =>
    fc
      .array(fc.oneof({ weight: 2, arbitrary: fc.constant("0") }, { weight: 5, arbitrary: fc.constantFrom(..."0123456789") }), {
        maxLength: max,
      })
      .map((d) => d.join(""));
  const mantissa = fc.oneof(
    { weight: 4, arbitrary: digits(20).filter((d) => d !== "") },
    { weight: 3, arbitrary: fc.tuple(digits(20), digits(22)).map(([a, b]) => `${a}.${b}`) },
  );
  const suffix = fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom("", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei", "n", "u", "m", "k", "M", "G", "T", "P", "E") },
    {
      weight: 3,
      arbitrary: fc
        .tuple(fc.constantFrom("e", "E"), fc.constantFrom("", "+", "-"), fc.oneof(digits(3), fc.integer({ min: 0, max: 40 }).map(String), digits(22)))
        .map(([e, s, d]) => e + s + d),
    },
  );
  const quantityString = fc.oneof(
    { weight: 10, arbitrary: fc.tuple(fc.constantFrom("", "", "+", "-"), mantissa, suffix).map(([s, m, x]) => s + m + x) },
    {
      // junk: a valid-looking quantity with one character inserted or replaced
      weight: 3,
      arbitrary: fc
        .tuple(fc.constantFrom("", "-"), mantissa, suffix, fc.constantFrom(" ", "K", "i", ".", "e", "+", "-", "x", "é", "0"), fc.nat(), fc.boolean())
        .map(([s, m, x, c, at, replace]) => {
          const text = s + m + x;
          const i = at % (text.length + 1);
          return text.slice(0, i) + c + text.slice(replace ? i + 1 : i);
        }),
    },
    { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
  );
  const quantityNumber = fc.oneof(
    fc.double({ noNaN: true }),
    fc.integer(),
    fc.tuple(fc.integer({ min: -1e12, max: 1e12 }), fc.integer({ min: 0, max: 15 })).map(([m, e]) => m / 10 ** e),
    fc.tuple(fc.integer({ min: 1, max: 999 }), fc.integer({ min: 0, max: 25 })).map(([m, e]) => m * 10 ** -e),
  );
  const anyQuantity = fc.oneof({ weight: 4, arbitrary: quantityString }, { weight: 1, arbitrary: quantityNumber });
  const ANCHORS = ["0", "1n", "1", "1.5Gi", "-1", "999999999999999999"];

  it("parseQuantity's fast paths for common notations give what the general parser gives", () => {
    const common = [
      "0", "1", "7", "10", "999999999999999", "1000000000000000", "0m", "1m", "999m", "1000m", "1500m", "999999999999m",
      "1000000000000m", "0Ki", "1Ki", "512Mi", "2Gi", "99999Ti", "100000Ti", "1k", "5M", "3G", "99999T", "0.5", "1.5",
      "1.50", "1.05", "0.000000001", "123456789.123456789", "999999999.999999999", "1.0000000001", "01", "00m", "1Ei", "1P",
      // Fractions with leading zeros (their nanos trimmed), at nine digits and beyond, and all zeros.
      "0.05", "0.01", "2.005", "0.10", "1.000000001", "0.000000010", "0.0000000001", "0.0000000010", "0.0", "1.000", "00.5",
      // Fractions with a suffix, and exponents: their short forms and just beyond them.
      "1.5Gi", "0.5Ki", "2.25Mi", "999.999Ti", "0.001Ki", "0.000Ki", "0.0Ti", "1.5G", "0.1k", "999.999T", "1000.5Gi", "1.0005Gi", "01.5Gi",
      "1.5Pi", "1.5P", "1.5m", "128e6", "1E3", "0e9", "5e0", "999999e9", "1000000e9", "1e10", "1e-3", "01e3",
    ];
    for (const q of common) {
      agree("parseQuantity", q);
      agree("compareParsed", q, "1");
    }
  });

  it("compareScaledQuantities compares with the exact product", () => {
    const scaled = (a: string, f: string, b: string): unknown => agree("compareScaled", a, f, b).value;
    expect(scaled("2", "2", "1")).toBe(0);
    expect(scaled("2001m", "2", "1")).toBe(1);
    expect(scaled("1999m", "2", "1")).toBe(-1);
    expect(scaled("3Gi", "1.5", "2Gi")).toBe(0);
    expect(scaled("3Gi", "1.499999999", "2Gi")).toBe(1);
    expect(scaled("1n", "0.5", "1n")).toBe(1); // 1e-9 > 0.5e-9: the product is not rounded to the nano
    expect(scaled("1n", "1n", "1")).toBe(0);
    expect(scaled("0", "1n", "1n")).toBe(-1);
    expect(scaled("-1", "-1", "1")).toBe(0);
    expect(scaled("-3", "2", "-1")).toBe(-1);
    // The largest magnitudes: every limb and carry at its limit.
    const max = "999999999999999999.999999999";
    expect(scaled(max, max, max)).toBe(-1);
    expect(scaled(max, "1", max)).toBe(0);
    expect(scaled(max, "999999999999999999.999999998", "1")).toBe(1);
    expect(scaled(`-${max}`, max, `-${max}`)).toBe(1);
    expect(scaled("999999999999999998", "2", "499999999999999999")).toBe(0);
    expect(scaled("999999999999999998.000000001", "2", "499999999999999999")).toBe(1);
    // The fast paths (a whole factor below 1e9 whose product with b's whole part is below 1e18) at
    // their edges and just beyond, with b's nanos zero and not.
    expect(scaled("999999998000000000.000000001", "999999999", "999999999.999999999")).toBe(-1);
    expect(scaled("999999998999999999.999999999", "999999999", "999999999.999999999")).toBe(1);
    expect(scaled("999999998999999999.999999998", "999999999", "999999999.999999999")).toBe(1);
    expect(scaled("-999999998999999999.000000001", "-999999999", "999999999.999999999")).toBe(0);
    expect(scaled("-999999998999999999.999999998", "-999999999", "999999999.999999999")).toBe(-1);
    expect(scaled("999999999999999999", "1000000000", "999999999.999999999")).toBe(0);
    expect(scaled("999999999999999999", "999999999", "1000000000")).toBe(1);
    expect(scaled("999999999999999999", "2", "499999999999999999.5")).toBe(0);
    expect(scaled("999999999999999999", "2", "500000000000000000")).toBe(-1);
    expect(scaled("999999999999999999", "-2", "-500000000000000000")).toBe(-1);
    expect(scaled("-999999999999999999", "2", "-500000000000000000")).toBe(1);
    expect(scaled("999999999999999999", "999999999", "1000000001")).toBe(0);
    expect(scaled("999999999999999999", "999999999", "1000000002")).toBe(-1);
    expect(scaled("2Gi", "1", "1Gi")).toBe(1);
    expect(scaled("1Gi", "1", "1Gi")).toBe(0);
    expect(scaled("1.5", "3", "500m")).toBe(0);
    expect(scaled("-1.499999999", "-3", "500m")).toBe(1);
    expect(scaled("junk", "2", "1")).toBe(0);
    expect(scaled("1", "2", "junk")).toBe(0);
    expect(scaled("junk", "1", "1")).toBe(0);
    expect(compareScaledQuantities(undefined as unknown as Quantity, parseQuantity("1") as Quantity, parseQuantity("1") as Quantity)).toBe(0);
  });

  it("compareScaledQuantities of values that are not quantities is 0, as in TypeScript", () => {
    // A value cast to Quantity: TypeScript's instanceof test gives 0; Rego tests the shapes.
    const quantity = [1, 0];
    const shapes: unknown[] = [[1], [1, 0, 0], ["1", 0], [1, "0"], [null, 0], [true, 0], [[1], 0], [1, null], {}, "1", 1, null, true, []];
    for (const shape of shapes) {
      for (const args of [[shape, quantity, quantity], [quantity, shape, quantity], [quantity, quantity, shape]]) {
        expect(rego("compareScaledValues", ...args), JSON.stringify(args)).toStrictEqual({ defined: true, value: 0 });
      }
      expect(rego("compareQuantities", shape, quantity), JSON.stringify(shape)).toStrictEqual({ defined: true, value: 0 });
      expect(rego("compareQuantities", quantity, shape), JSON.stringify(shape)).toStrictEqual({ defined: true, value: 0 });
    }
    // Quantities themselves, whatever the path: a nanos part and a whole factor take the second.
    expect(rego("compareScaledValues", [2, 0], [2, 0], [1, 0]).value).toBe(0);
    expect(rego("compareScaledValues", [1, 1], [2, 0], [0, 500_000_000]).value).toBe(1);
    expect(rego("compareScaledValues", [0, 999_999_999], [2, 0], [0, 500_000_000]).value).toBe(-1);
  });

  it("compareScaledQuantities agrees on generated triples", () => {
    // Triples where a is near factor × b: b and factor drawn, a built from their exact product.
    // Whole factors below 1e9 in magnitude (ratios such as 2 or 10) take Rego's fast path.
    const wholeFactor = fc.oneof(fc.integer({ min: -999_999_999, max: 999_999_999 }), fc.constantFrom(0, 1, 2, 10, 999_999_999, -999_999_999, 1_000_000_000));
    const near = fc
      .tuple(fc.oneof(anyQuantity, wholeFactor.map(String)), anyQuantity, fc.constantFrom(-1n, 0n, 1n, 1_000_000_000n))
      .map(([f, b, delta]) => {
        const fq = quantityNanos(parseQuantity(f));
        const bq = quantityNanos(parseQuantity(b));
        if (fq === undefined || bq === undefined) return [f, f, b] as const;
        const product = fq * bq + delta;
        const sign = product < 0n ? "-" : "";
        const magnitude = (product < 0n ? -product : product).toString().padStart(19, "0");
        return [`${sign}${magnitude.slice(0, -18)}.${magnitude.slice(-18)}`, f, b] as const;
      });
    const triple = fc.oneof(near, fc.tuple(anyQuantity, anyQuantity, anyQuantity));
    fc.assert(
      fc.property(triple, ([a, f, b]) => agrees("compareScaled", a, f, b)),
      { numRuns: 2 * RUNS },
    );
  });

  it("parseQuantity agrees exactly on generated strings", () => {
    fc.assert(
      fc.property(quantityString, (q) => agrees("parseQuantity", q)),
      { numRuns: 3 * RUNS },
    );
  });

  it("parseQuantity agrees exactly on generated numbers", () => {
    fc.assert(
      fc.property(quantityNumber, (q) => agrees("parseQuantity", q)),
      { numRuns: RUNS },
    );
  });

  it("parseQuantity agrees against anchors", () => {
    fc.assert(
      fc.property(anyQuantity, (q) => {
        expect(rego("parseQuantity", q).defined).toBe(parseQuantity(q) !== undefined);
        return ANCHORS.every((a) => agrees("compareParsed", q, a));
      }),
      { numRuns: RUNS },
    );
  });

  it("compareQuantities agrees on generated pairs", () => {
    // Pairs built from the same digits with different points and suffixes are often equal or close.
    const related = fc
      .tuple(digits(12).filter((d) => d !== ""), fc.nat(12), fc.nat(12), suffix, suffix, fc.constantFrom("", "-"), fc.constantFrom("", "-"))
      .map(([d, i, j, x, y, s, t]) => {
        const at = (k: number): string => `${d.slice(0, k % (d.length + 1))}.${d.slice(k % (d.length + 1))}`;
        return [s + at(i) + x, t + at(j) + y] as const;
      });
    const pair = fc.oneof(related, fc.tuple(anyQuantity, anyQuantity));
    fc.assert(
      fc.property(pair, ([a, b]) => agrees("compareParsed", a, b)),
      { numRuns: 2 * RUNS },
    );
  });
});

// --- images ---------------------------------------------------------------------------------

const HEX64 = "0123456789abcdef".repeat(4);

const IMAGE_CASES: unknown[] = [
  "nginx", "nginx:1.25", "library/nginx", "docker.io/nginx", "docker.io/library/nginx:latest", "ghcr.io/acme/app:v1",
  `registry.corp.example:5000/team/app@sha256:${HEX64}`, `nginx:1.25@sha256:${HEX64}`, `nginx@sha256:${HEX64.slice(0, 31)}`,
  `nginx@sha256:${HEX64.toUpperCase()}`, `nginx@sha256+b64.x_y:${HEX64}`, `nginx@1sha:${HEX64}`, `nginx@sha256:${HEX64}@x`,
  "localhost/app", "localhost:5000/app:tag", "localhost", "localhost:5000", "Localhost/app", "foo/bar/baz", "a.b", "a.b/c",
  "a:5000/b", "a:b:c/d", "Foo.io/app", "foo_bar/app", "my-reg.io:x/app", "app:", "app@", "app:a:b", "app:-x",
  `app:${"t".repeat(128)}`, `app:${"t".repeat(129)}`, "a__b", "a___b", "a--b", "a-", "_a", "a..b", "a._b", "a//b", "a/",
  "/a", "Nginx", "", "a b", ":tag", "@sha256:x", "ng\u00e9nx", "10.0.0.1:5000/x/y:z", "[::1]:5000/app", 42, null, true,
  ["nginx"], { image: "nginx" },
];

describe("parseImage", () => {
  it("agrees with Rego on hand-written cases", () => {
    for (const ref of IMAGE_CASES) agree("parseImage", ref);
  });

  it("gives the expected values", () => {
    expect(agree("parseImage", "nginx").value).toStrictEqual({
      registry: "docker.io",
      repository: "library/nginx",
      name: "docker.io/library/nginx",
    });
    expect(agree("parseImage", "nginx:1.25").value).toStrictEqual({
      registry: "docker.io",
      repository: "library/nginx",
      name: "docker.io/library/nginx",
      tag: "1.25",
    });
    expect(agree("parseImage", "docker.io/nginx").value).toStrictEqual(agree("parseImage", "library/nginx").value);
    expect(agree("parseImage", "ghcr.io/acme/app:v1").value).toStrictEqual({
      registry: "ghcr.io",
      repository: "acme/app",
      name: "ghcr.io/acme/app",
      tag: "v1",
    });
    expect(agree("parseImage", `registry.corp.example:5000/team/app@sha256:${HEX64}`).value).toStrictEqual({
      registry: "registry.corp.example:5000",
      repository: "team/app",
      name: "registry.corp.example:5000/team/app",
      digest: `sha256:${HEX64}`,
    });
    expect(agree("parseImage", "localhost/app").value).toMatchObject({ registry: "localhost", repository: "app" });
    expect(agree("parseImage", "localhost:5000/app:tag").value).toMatchObject({
      registry: "localhost:5000",
      repository: "app",
      tag: "tag",
    });
    expect(agree("parseImage", "localhost:5000").value).toMatchObject({ repository: "library/localhost", tag: "5000" });
    for (const bad of ["Nginx", "", "a b", ":tag", "app:", 42, "Localhost/app", `nginx@sha256:${HEX64.slice(0, 31)}`]) {
      expect(agree("parseImage", bad), String(bad)).toEqual({ defined: false });
    }
  });

  it("agrees on generated references", () => {
    const pathComponent = fc.oneof(
      { weight: 6, arbitrary: fc.stringMatching(/^[a-z0-9]{1,3}(?:(?:[._]|__|-{1,2})[a-z0-9]{1,3}){0,2}$/) },
      { weight: 1, arbitrary: fc.stringMatching(/^[a-zA-Z0-9._ :-]{0,4}$/) },
    );
    const host = fc.oneof(
      fc.constantFrom("docker.io", "ghcr.io", "localhost", "localhost:5000", "registry.example:5000", "Foo.io", "10.0.0.1:443", "a_b.com", "x:"),
      fc.stringMatching(/^[a-zA-Z0-9.-]{1,6}(?::[0-9]{1,4})?$/),
    );
    const tag = fc.oneof(fc.stringMatching(/^[\w][\w.-]{0,5}$/), fc.constantFrom("", "-x", "a:b", "t".repeat(128), "t".repeat(129), "v 1"));
    const digest = fc
      .tuple(
        fc.constantFrom("sha256", "sha512", "a+b", "x.y_z-w", "1abc", "", "A"),
        fc.stringMatching(/^[0-9a-fA-F]{30,40}$/),
        fc.constantFrom("", "", "g", "@"),
      )
      .map(([a, h, junk]) => `${a}:${h}${junk}`);
    const ref = fc
      .tuple(
        fc.option(host, { nil: undefined }),
        fc.array(pathComponent, { minLength: 1, maxLength: 3 }),
        fc.option(tag, { nil: undefined }),
        fc.option(digest, { nil: undefined }),
      )
      .map(([h, path, t, d]) => {
        const parts = h === undefined ? path : [h, ...path];
        return parts.join("/") + (t === undefined ? "" : `:${t}`) + (d === undefined ? "" : `@${d}`);
      });
    fc.assert(
      fc.property(fc.oneof({ weight: 8, arbitrary: ref }, { weight: 1, arbitrary: fc.string({ maxLength: 10 }) }), (r) =>
        agrees("parseImage", r),
      ),
      { numRuns: 2 * RUNS },
    );
  });
});

// --- wildcard -------------------------------------------------------------------------------

describe("matchesWildcard", () => {
  it("agrees with Rego and gives the expected values", () => {
    const cases: [unknown, unknown, boolean][] = [
      ["*", "anything", true],
      ["*", "", true],
      ["kube-*", "kube-system", true],
      ["kube-*", "default", false],
      ["*-system", "kube-system", true],
      ["*-system", "system", false],
      ["default", "default", true],
      ["default", "defaults", false],
      ["*a*", "*ab", true],
      ["*x*", "yx*", false],
      ["a**", "a*b", true],
      ["", "", true],
      ["", "a", false],
      [null, "a", false],
      ["*", null, false],
      [1, 1, false],
    ];
    for (const [p, v, want] of cases) expect(agree("matchesWildcard", p, v).value, `${String(p)} ~ ${String(v)}`).toBe(want);
  });

  it("agrees on generated pairs", () => {
    const text = fc.stringMatching(/^[ab*.é]{0,5}$/);
    fc.assert(
      fc.property(text, text, (p, v) => agrees("matchesWildcard", p, v)),
      { numRuns: RUNS },
    );
  });
});

// --- trimming -------------------------------------------------------------------------------

describe("trimCharacters", () => {
  it("agrees with Rego's trim and gives the expected values", () => {
    const cases: [unknown, unknown, string | undefined][] = [
      ["//a/b//", "/", "a/b"],
      ["/", "/", ""],
      ["", "/", ""],
      ["a", "", "a"],
      ["xyaxy", "yx", "a"],
      ["\u{1F600}a\u{1F600}", "\u{1F600}", "a"],
      // The cutset holds code points: one half of a surrogate pair is not a character of it.
      ["\u{1F600}a", "\u{1F601}", "\u{1F600}a"],
      ["-a-", "-", "a"],
      ["]a[", "[]^", "a"],
      ["\na\n", "\n", "a"],
      [null, "/", undefined],
      ["/a/", null, undefined],
      [1, "1", undefined],
    ];
    for (const [s, cutset, want] of cases) expect(agree("trimCharacters", s, cutset).value, `${String(s)} trim ${String(cutset)}`).toBe(want);
  });

  it("agrees on generated strings and cutsets", () => {
    const text = fc.stringMatching(/^[ab/\- .é\u{1F600}\u{1F601}]{0,6}$/u);
    fc.assert(
      fc.property(text, text, (s, cutset) => agrees("trimCharacters", s, cutset)),
      { numRuns: RUNS },
    );
  });
});

// --- regex ----------------------------------------------------------------------------------

describe("regexMatches and isValidRegex", () => {
  it("agree with Rego and give the expected values", () => {
    const cases: [unknown, unknown, boolean][] = [
      ["^a+$", "aaa", true],
      ["b", "abc", true],
      ["^b", "abc", false],
      ["(", "(", false],
      ["(?=a)", "a", false],
      ["(?!a)", "b", false],
      ["(?<=a)b", "ab", false],
      ["(a)\\1", "aa", false],
      ["\\d+", "x42", true],
      ["^\\p{Greek}+$", "αβγ", true],
      ["^.$", "é", true],
      ["^..$", "é", false],
      ["^.$", "😀", true],
      ["(?i)ABC", "xabcx", true],
      ["[[:alpha:]]+", "abc", true],
      ["a{1001}", "a", false],
      ["\\bfoo\\b", "a foo b", true],
      ["(?P<n>x)", "x", true],
      ["", "", true],
      ["a|", "b", true],
      ["^$", "", true],
      ["[z-a]", "a", false],
      ["x*?", "x", true],
      ["a**", "a", false],
      [null, "a", false],
      ["a", null, false],
      [1, "1", false],
      // corners where C++ RE2 (OPA's wasm) and re2js parse differently; sdk/regex.ts reconciles them
      ["{*", "", true],
      ["a{*", "a", true],
      ["a{9999999999}", "a{9999999999}", true],
      ["a{999999999}", "a", false],
      ["a{01}*", "a{01}", true],
      ["\\p{L}{2}", "ab", true],
      ["\\x{41}{2}", "AA", true],
      ["[[:alpha:]{]", "{", true],
      ["\\Q{*\\E", "{*", true],
      ["(?P<n>a)(?P<n>b)", "ab", true],
      ["(?P<n>?)", "", false],
      ["(?P<n>)", "", true],
      ["(?P<é>a)", "a", false],
      ["(?<n>a)", "a", false],
      ["\\C", "a", false],
      ["\\\\C", "\\C", true],
      ["[[:]", ":", true],
      ["[[:]]", "[]", true],
      ["[[:]:]]", ":", false],
      ["(?i)\\p{Han}", "中", true],
      ["(?i)\\pN", "Ⅻ", true],
      ["(?i)[^\\p{Han}a]", "A", false],
      ["(?i)[\\P{Latin}]", "K", false],
      ["(?i)[a-\\p{Han}]", "a", false],
      ["(?i)[\\p{Han}-z]", "-", true],
      ["(?i)[+--\\p{Han}]", ",", true],
      ["\\p{Kawi}", "a", false],
      ["\\p{Yezidi}", "a", false],
      ["a\u0000b", "a", false],
    ];
    for (const [p, v, want] of cases) {
      expect(agree("regexMatches", p, v).value, `${String(p)} ~ ${String(v)}`).toBe(want);
      agree("isValidRegex", p);
    }
    expect(agree("isValidRegex", "(?=a)").value).toBe(false);
    expect(agree("isValidRegex", "(a)\\1").value).toBe(false);
    expect(agree("isValidRegex", "(").value).toBe(false);
    expect(agree("isValidRegex", "^a+$").value).toBe(true);
    expect(agree("isValidRegex", 5).value).toBe(false);
  });

  it("agree on generated patterns", () => {
    const token = fc.constantFrom(
      "a", "b", "é", ".", "*", "+", "?", "|", "(", ")", "[ab]", "[^a]", "^", "$", "\\d", "\\w", "\\s", "(?i)", "{2}", "{1,}",
      "\\b", "(?:", "\\", "[", "]", "-", "\\.", "{", "}", "{01}", "{2,}", "{,3}", "{9999999999}", "\\p{L}", "\\pL",
      "\\Q", "\\E", "(?P<n>", "(?<n>", "[[:alpha:]]", "[]a]", "\\x{41}", "\\C", "**", "(?s)", "\\z", "\\A", ":]",
      "[:", "[[:]", "[:alpha:]", "[^", "\\p{Han}", "\\pN", "\\P{Latin}", "\\p{Kawi}", "\u0000", "K",
    );
    const pattern = fc.array(token, { maxLength: 6 }).map((t) => t.join(""));
    const value = fc.stringMatching(/^[aAbé1 .{}\nK\u212a中Ⅻ]{0,6}$/);
    fc.assert(
      fc.property(pattern, value, (p, v) => agrees("regexMatches", p, v) && agrees("isValidRegex", p)),
      { numRuns: RUNS },
    );
  });

  it("every pattern UNSUPPORTED_REGEX_PATTERN rejects holds one of the markers the Rego tests first", () => {
    const unsupported = new RegExp(UNSUPPORTED_REGEX_PATTERN);
    const token = fc.constantFrom("a", "\\", "\\\\", "C", "p", "P", "{", "}", "^", "(", "?", "<", "=", "Kawi", "Toto", "Greek", "\u0000", "[", "]");
    const pattern = fc.array(token, { maxLength: 8 }).map((t) => t.join(""));
    let rejected = 0;
    fc.assert(
      fc.property(pattern, (p) => {
        if (!unsupported.test(p)) return true;
        rejected++;
        return UNSUPPORTED_REGEX_MARKERS.some((marker) => p.includes(marker));
      }),
      { numRuns: RUNS * 4 },
    );
    // The property saw patterns the Rego must search (a check that saw nothing fails).
    expect(rejected).toBeGreaterThan(0);
  });

  it("gkc_regex_matches_valid (a pattern valid at build time) agrees on values of every type", () => {
    const token = fc.constantFrom("a", "b", "é", ".", "*", "+", "?", "|", "[ab]", "[^a]", "^", "$", "\\d", "\\w", "(?i)", "{2}", "\\p{L}", "(?s)", "K");
    const pattern = fc.array(token, { maxLength: 6 }).map((t) => t.join("")).filter((p) => isValidRegex(p));
    const value = fc.oneof(fc.stringMatching(/^[aAbé1 .\nK\u212a]{0,6}$/), fc.constantFrom(...ODD_VALUES));
    expect(agree("regexMatchesValid", "^a+$", "aaa").value).toBe(true);
    expect(agree("regexMatchesValid", "^a+$", 5).value).toBe(false);
    expect(agree("regexMatchesValid", "^a+$", null).value).toBe(false);
    fc.assert(
      fc.property(pattern, value, (p, v) => agrees("regexMatchesValid", p, v)),
      { numRuns: RUNS },
    );
  });
});
