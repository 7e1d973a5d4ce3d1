// The SDK's helpers (gkc/sdk) in CEL, each with the TypeScript definition's meaning on JSON.
// Those without an exact CEL form are refused; regular expressions are in regex.ts.
import type { Expr } from "../../ir.js";
import { IMAGE_DIGEST_PATTERN, IMAGE_DOMAIN_PATTERN, IMAGE_HOST_PATTERN, IMAGE_PATH_PATTERN, IMAGE_TAG_PATTERN } from "../../../sdk/image.js";
import { QUANTITY_PATTERN } from "../../../sdk/quantity.js";
import { isValidRegex } from "../../../sdk/regex.js";
import { bindCel, emitExpr, typed, type Cel, type CelScope } from "./expressions.js";
import { literalRegexMatchesCel, regexMatchesCel, validRegexCel } from "./regex.js";
import { refuse } from "./refusal.js";
import { and, ANY, bind, celString, cond, failure, isList, isMap, isNumber, isString, memberLiteral, or, T, typeSwitch, typeTest, UNDEFINED, type Types } from "./values.js";

/** sdk/podspec.ts TEMPLATE_KINDS: kinds whose PodSpec is spec.template.spec. */
const TEMPLATE_KINDS = ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job"];

const boolean = (code: string): Cel => typed(code, T.bool);
const value = (code: string, types: Types = ANY, elements: Types = ANY): Cel => typed(code, types, elements);

/** The PodSpec of a workload (sdk/podspec.ts podSpec), or undefined. */
function podSpec(scope: CelScope, obj: Cel): string {
  const path = (o: string, t: Types, keys: readonly string[]): string =>
    keys.reduce((acc, key, i) => bind(scope.names, acc, (x) => memberLiteral(x, key, i === 0 ? t : ANY), "o"), o);
  return bind(
    scope.names,
    bindCel(scope, obj, (o, t) => {
      const kind = memberLiteral(o, "kind", t);
      return bind(
        scope.names,
        kind,
        (k) =>
          `("Pod" == ${k} ? ${path(o, t, ["spec"])} : ${isString(k)} && ${k} in [${TEMPLATE_KINDS.map(celString).join(", ")}] ? ${path(o, t, ["spec", "template", "spec"])} : "CronJob" == ${k} ? ${path(o, t, ["spec", "jobTemplate", "spec", "template", "spec"])} : ${UNDEFINED})`,
        "kind",
      );
    }),
    (spec) => `(${isMap(spec)} ? ${spec} : ${UNDEFINED})`,
    "spec",
  );
}

/** The objects of spec[key] when it is a list (sdk/podspec.ts containerList); `spec` is a map or undefined. */
function containerList(scope: CelScope, spec: string, key: string): string {
  const c = scope.names.fresh("c");
  return bind(scope.names, memberLiteral(spec, key, T.map | T.undefined), (l) => cond(isList(l), `${l}.filter(${c}, ${isMap(c)})`, "[]"), "l");
}

function containers(scope: CelScope, obj: Cel, keys: readonly string[]): string {
  return bind(scope.names, podSpec(scope, obj), (spec) => `(${keys.map((k) => containerList(scope, spec, k)).join(" + ")})`, "spec", T.map | T.undefined);
}

/**
 * A parsed quantity: a map holding Kubernetes' quantity under this key. In JavaScript it is an
 * opaque object (sdk/quantity.ts): truthy, typeof "object", never === another, never printed (a
 * map prints as an error here); the SDK types let a policy only test it and compare it.
 */
const QUANTITY_KEY = '"gkc.quantity"';
/** Integers JavaScript reads exactly. */
const SAFE = 9007199254740992;

/**
 * sdk/quantity.ts parseQuantity with Kubernetes' quantity library. A string of gkc's grammar is
 * Kubernetes' `quantity()` (both exact, rounding a magnitude up to the nano unit), except a binary
 * suffix after more than nine fractional digits (gkc rounds the digits before it multiplies,
 * Kubernetes after): an error. A string Kubernetes refuses but the grammar accepts is an error
 * too, never a guess. A number is its decimal text when that has at most nine fractional digits
 * (gkc rounds to the nearest nano, Kubernetes up, so longer ones and exponent forms raise an error), an integer only
 * up to 2^53 (JavaScript rounds beyond). Magnitudes of 1e18 units and more are undefined, as in gkc.
 */
function parseQuantity(scope: CelScope, arg: Cel): string {
  // First the quantity's text (undefined when it is none), then one quantity() of it.
  const fromString = (s: string): string =>
    `(!${s}.matches(${celString(QUANTITY_PATTERN)}) ? ${UNDEFINED} : ${s}.matches("\\\\.[0-9]{10,}[KMGTPE]i$") || !isQuantity(${s}) ? ${failure(s, "this quantity's rounding")} : dyn(${s}))`;
  const fromNumber = (v: string): string =>
    `(type(${v}) == double ? (${v} >= 1e18 || ${v} <= -1e18 ? ${UNDEFINED} : ${v} > -${SAFE}.0 && ${v} < ${SAFE}.0 && double(int(${v})) == ${v} ? dyn(string(int(${v}))) : string(${v}).matches("^-?[0-9]+(\\\\.[0-9]{1,9})?$") ? dyn(string(${v})) : ${failure(v, "this number's rounding to a quantity")}) : ${v} <= ${SAFE} && ${v} >= -${SAFE} ? dyn(string(${v})) : ${failure(v, "an integer beyond 2^53 as a quantity")})`;
  const text = bindCel(scope, arg, (v, t) => cond(isString(v, t), fromString(v), cond(isNumber(v, t), fromNumber(v), UNDEFINED)));
  const q = scope.names.fresh("q");
  return bind(
    scope.names,
    text,
    (x) => `(type(${x}) == bytes ? ${UNDEFINED} : [quantity(${x})].map(${q}, ${q}.compareTo(quantity("1e18")) < 0 && ${q}.compareTo(quantity("-1e18")) > 0 ? dyn({${QUANTITY_KEY}: ${q}}) : ${UNDEFINED})[0])`,
    "text",
  );
}

/**
 * sdk/image.ts parseImage, step for step: its patterns are plain ASCII and mean the same in
 * JavaScript and RE2, and `split` by a literal separator gives the same pieces. The reference is a
 * map with `tag` and `digest` only when present (CEL's optional map entries), as in the TypeScript.
 */
function parseImage(scope: CelScope, arg: Cel): string {
  const n = (hint: string): string => scope.names.fresh(hint);
  const [at, seg, last, colon, comp, hasRegistry, registry, joined, repo] = ["at", "seg", "last", "colon", "comp", "has", "registry", "joined", "repo"].map(n) as [string, string, string, string, string, string, string, string, string];
  const let_ = (name: string, value: string, body: string): string => `[${value}].map(${name}, ${body})[0]`;
  const reference = `dyn({"registry": ${registry}, "repository": ${repo}, "name": ${registry} + "/" + ${repo}, ?"tag": size(${colon}) == 2 ? optional.of(${colon}[1]) : optional.none(), ?"digest": size(${at}) == 2 ? optional.of(${at}[1]) : optional.none()})`;
  const parse = (r: string): string =>
    `(!${r}.matches(${celString(IMAGE_DIGEST_PATTERN)}) ? ${UNDEFINED} : ` +
    let_(at, `${r}.split("@")`,
      let_(seg, `${at}[0].split("/")`,
        let_(last, `${seg}[size(${seg}) - 1]`,
          `(!${last}.matches(${celString(IMAGE_TAG_PATTERN)}) ? ${UNDEFINED} : ` +
          let_(colon, `${last}.split(":")`,
            let_(comp, `${seg}.slice(0, size(${seg}) - 1) + [${colon}[0]]`,
              let_(hasRegistry, `size(${comp}) > 1 && ${comp}[0].matches(${celString(IMAGE_DOMAIN_PATTERN)})`,
                let_(registry, `${hasRegistry} ? ${comp}[0] : "docker.io"`,
                  let_(joined, `(${hasRegistry} ? ${comp}.slice(1, size(${comp})) : ${comp}).join("/")`,
                    `(!${registry}.matches(${celString(IMAGE_HOST_PATTERN)}) || !${joined}.matches(${celString(IMAGE_PATH_PATTERN)}) ? ${UNDEFINED} : ` +
                    let_(repo, `${registry} == "docker.io" && !${joined}.contains("/") ? "library/" + ${joined} : ${joined}`, reference) + ")"))))) + ")"))) + ")";
  return bindCel(scope, arg, (v, t) => cond(isString(v, t), parse(v), UNDEFINED));
}

/** The rank of a value's type in Rego's order (sdk/order.ts typeRank): undefined ranks with maps. */
function rank(v: string, t: Types): string {
  return typeSwitch(v, t, [[T.null, () => "0"], [T.bool, () => "1"], [T.number, () => "2"], [T.string, () => "3"], [T.list, () => "4"]], () => "5");
}

/** sdk/order.ts regoLess. Strings compare by code point in both (CEL's own order). */
function regoLess(scope: CelScope, a: string, ta: Types, b: string, tb: Types): string {
  const sameRank = or(
    and(isNumber(a, ta), isNumber(b, tb), `${a} < ${b}`),
    and(isString(a, ta), isString(b, tb), `${a} < ${b}`),
    and(typeTest(a, T.bool, ta), typeTest(b, T.bool, tb), `!${a} && ${b}`),
  );
  return bind(scope.names, rank(a, ta), (ra) => bind(scope.names, rank(b, tb), (rb) => `(${ra} != ${rb} ? ${ra} < ${rb} : ${sameRank})`, "rb"), "ra");
}

/** sdk/order.ts scalarEquals: only a scalar equals, and only the same scalar (1 equals 1.0). */
function scalarEquals(a: string, ta: Types, b: string, tb: Types): string {
  return typeSwitch(a, ta, [[T.null, () => typeTest(b, T.null, tb)], [T.string | T.number | T.bool, () => `${a} == ${b}`]], () => "false");
}

/** A code point in an RE2 character class: letters and digits as themselves, any other as `\x{…}`. */
function classMember(ch: string): string {
  return /^[A-Za-z0-9]$/.test(ch) ? ch : `\\x{${ch.codePointAt(0)!.toString(16)}}`;
}

/**
 * `s` without the leading and trailing `characters` (code points), `otherwise` when it is not a
 * string: the first match of "a character outside the set, then anything up to the last such
 * character" (RE2's leftmost match, greedy `.*`), or "" when every character is in the set, which
 * is Kubernetes' `find` for no match. Both count code points. dyn() on both branches: CEL's checker
 * wants one type for a conditional's two values.
 */
export function trimmedCel(scope: CelScope, s: Cel, characters: readonly string[], otherwise: (v: string) => string): string {
  if (characters.length === 0) return bindCel(scope, s, (v, t) => cond(isString(v, t), `dyn(${v})`, otherwise(v)));
  const outside = `[^${characters.map(classMember).join("")}]`;
  const pattern = `(?s)${outside}(.*${outside})?`;
  return bindCel(scope, s, (v, t) => cond(isString(v, t), `dyn(${v}.find(${celString(pattern)}))`, otherwise(v)));
}

/**
 * sdk/strings.ts trimCharacters. A cutset known only at run time has no CEL form: escaping it
 * would take a loop over its characters, which CEL does not have for strings.
 */
function trimCharacters(scope: CelScope, cutset: Expr | undefined, s: Cel): string {
  if (cutset?.kind !== "literal") return refuse("trimCharacters(s, cutset)", "a cutset that is not a string literal (the CEL is a regular expression built from it)");
  if (typeof cutset.value !== "string") return UNDEFINED;
  const characters = [...new Set(cutset.value)];
  if (characters.some((ch) => /^[\uD800-\uDFFF]$/.test(ch))) return refuse("trimCharacters(s, cutset)", "a cutset with a lone surrogate, which CEL holds as U+FFFD");
  return trimmedCel(scope, s, characters, () => `dyn(${UNDEFINED})`);
}

export function emitSdkCall(name: string, args: readonly Expr[], scope: CelScope): Cel {
  const cel = (i: number): Cel => emitExpr(args[i] ?? { kind: "undefined" }, scope);
  const arg = (i: number): string => cel(i).code;
  switch (name) {
    case "isObject":
      return boolean(bindCel(scope, cel(0), isMap));
    case "asArray": {
      const v = cel(0);
      const asList = value(bindCel(scope, v, (x, t) => cond(isList(x, t), x, "dyn([])")), T.list, v.elements);
      // A list of the parameters stays one: [] has every element type.
      return v.shape?.type === "array" ? { ...asList, shape: v.shape } : asList;
    }
    case "podSpec":
      return value(podSpec(scope, cel(0)), T.map | T.undefined);
    case "allContainers":
      return value(containers(scope, cel(0), ["containers", "initContainers", "ephemeralContainers"]), T.list, T.map);
    case "containersAndInitContainers":
      return value(containers(scope, cel(0), ["containers", "initContainers"]), T.list, T.map);
    case "matchesWildcard":
      return boolean(
        bindCel(scope, cel(0), (p, tp) =>
          bindCel(
            scope,
            cel(1),
            (v, tv) =>
              and(isString(p, tp), isString(v, tv), `(${p}.endsWith("*") ? ${v}.startsWith(${p}.substring(0, size(${p}) - 1)) : ${p}.startsWith("*") ? ${v}.endsWith(${p}.substring(1)) : ${p} == ${v})`),
            "v",
          ),
        ),
      );
    case "parseImage":
      return value(parseImage(scope, cel(0)), T.map | T.undefined);
    case "parseQuantity":
      return value(parseQuantity(scope, cel(0)), T.map | T.undefined);
    case "compareQuantities": {
      // 0 when either is not a quantity, as in sdk/quantity.ts.
      const isQuantity = (q: string, t: Types): string => and(isMap(q, t), `${QUANTITY_KEY} in ${q}`);
      return value(
        bindCel(scope, cel(0), (a, ta) => bindCel(scope, cel(1), (b, tb) => cond(and(isQuantity(a, ta), isQuantity(b, tb)), `dyn(${a}[${QUANTITY_KEY}].compareTo(${b}[${QUANTITY_KEY}]))`, "dyn(0)"), "b"), "a"),
        T.number,
      );
    }
    case "isValidRegex": {
      const pattern = args[0];
      if (pattern?.kind === "literal") return boolean(String(typeof pattern.value === "string" && isValidRegex(pattern.value)));
      return boolean(bindCel(scope, cel(0), (p, tp) => validRegexCel(p, tp), "p"));
    }
    case "regexMatches": {
      const pattern = args[0];
      if (pattern?.kind === "literal") {
        if (typeof pattern.value !== "string") return boolean("false");
        const literal = pattern.value;
        return boolean(bindCel(scope, cel(1), (v, t) => literalRegexMatchesCel(literal, v, t)));
      }
      return boolean(bindCel(scope, cel(0), (p, tp) => bindCel(scope, cel(1), (v, tv) => regexMatchesCel(p, tp, v, tv)), "p"));
    }
    case "trimCharacters": {
      const s = cel(0);
      const known = (s.types & ~T.string) === 0 && args[1]?.kind === "literal" && typeof args[1].value === "string";
      return value(trimCharacters(scope, args[1], s), known ? T.string : T.string | T.undefined);
    }
    case "regoLess":
      return boolean(bindCel(scope, cel(0), (a, ta) => bindCel(scope, cel(1), (b, tb) => regoLess(scope, a, ta, b, tb), "b"), "a"));
    case "regoLessOrEqual":
      return boolean(bindCel(scope, cel(0), (a, ta) => bindCel(scope, cel(1), (b, tb) => or(regoLess(scope, a, ta, b, tb), scalarEquals(a, ta, b, tb)), "b"), "a"));
    case "scalarEquals":
      return boolean(bindCel(scope, cel(0), (a, ta) => bindCel(scope, cel(1), (b, tb) => scalarEquals(a, ta, b, tb), "b"), "a"));
    case "namespacedObjects":
    case "clusterObjects":
    case "namespacedObjectNames":
    case "clusterObjectNames":
      // They read the cluster's objects Gatekeeper replicates: nothing CEL could compile them to.
      return refuse(`${name}(...)`, "Gatekeeper's CEL engine has no data.inventory");
    default:
      return refuse(`${name}(...)`, "this SDK helper is not compiled to CEL yet");
  }
}
