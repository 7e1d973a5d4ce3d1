// The SDK's helpers (gkc/sdk) in CEL, each with the TypeScript definition's meaning on JSON.
// Those without an exact CEL form (image references, quantities, a regular expression only known
// at run time) are refused.
import type { Expr } from "../../ir.js";
import { isValidRegex } from "../../../sdk/regex.js";
import { bindCel, emitExpr, typed, type Cel, type CelScope } from "./expressions.js";
import { refuse } from "./refusal.js";
import { and, ANY, bind, celString, cond, isList, isMap, isString, memberLiteral, T, UNDEFINED, type Types } from "./values.js";

/** sdk/podspec.ts TEMPLATE_KINDS: kinds whose PodSpec is spec.template.spec. */
const TEMPLATE_KINDS = ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job"];

const boolean = (code: string): Cel => typed(code, T.bool);
const value = (code: string, types: Types = ANY): Cel => typed(code, types);

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
          `(${k} == "Pod" ? ${path(o, t, ["spec"])} : ${isString(k)} && ${k} in [${TEMPLATE_KINDS.map(celString).join(", ")}] ? ${path(o, t, ["spec", "template", "spec"])} : ${k} == "CronJob" ? ${path(o, t, ["spec", "jobTemplate", "spec", "template", "spec"])} : ${UNDEFINED})`,
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

export function emitSdkCall(name: string, args: readonly Expr[], scope: CelScope): Cel {
  const cel = (i: number): Cel => emitExpr(args[i] ?? { kind: "undefined" }, scope);
  const arg = (i: number): string => cel(i).code;
  switch (name) {
    case "isObject":
      return boolean(bindCel(scope, cel(0), isMap));
    case "asArray":
      return value(bindCel(scope, cel(0), (v, t) => cond(isList(v, t), v, "dyn([])")), T.list);
    case "podSpec":
      return value(podSpec(scope, cel(0)), T.map | T.undefined);
    case "allContainers":
      return value(containers(scope, cel(0), ["containers", "initContainers", "ephemeralContainers"]), T.list);
    case "containersAndInitContainers":
      return value(containers(scope, cel(0), ["containers", "initContainers"]), T.list);
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
    case "isValidRegex": {
      const pattern = args[0];
      if (pattern?.kind === "literal") return boolean(String(typeof pattern.value === "string" && isValidRegex(pattern.value)));
      return refuse("isValidRegex(...) of a pattern known only at run time", "CEL has no test of a regular expression's validity (matches() of an invalid one is an evaluation error)");
    }
    case "regexMatches": {
      const pattern = args[0];
      if (pattern?.kind !== "literal" || typeof pattern.value !== "string" || !isValidRegex(pattern.value)) {
        return refuse("regexMatches(...) of a pattern known only at run time", "matches() of an invalid RE2 pattern is a CEL evaluation error, where the TypeScript gives false");
      }
      // RE2 in both engines, unanchored (Go's regexp.MatchString, as sdk/regex.ts implements it).
      const literal = celString(pattern.value);
      return boolean(bindCel(scope, cel(1), (v, t) => and(isString(v, t), `${v}.matches(${literal})`)));
    }
    default:
      return refuse(`${name}(...)`, "this SDK helper is not compiled to CEL yet");
  }
}
