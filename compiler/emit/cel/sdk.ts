// The SDK's helpers (gkc/sdk) in CEL, each with the TypeScript definition's meaning on JSON.
// Those without an exact CEL form (image references, quantities, a regular expression only known
// at run time) are refused.
import type { Expr } from "../../ir.js";
import { isValidRegex } from "../../../sdk/regex.js";
import { emitExpr, type Cel, type CelScope } from "./expressions.js";
import { refuse } from "./refusal.js";
import { bind, celString, isList, isMap, isString, memberLiteral, UNDEFINED } from "./values.js";

/** sdk/podspec.ts TEMPLATE_KINDS: kinds whose PodSpec is spec.template.spec. */
const TEMPLATE_KINDS = ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job"];

const boolean = (code: string): Cel => ({ code, bool: true });
const value = (code: string): Cel => ({ code, bool: false });

/** The PodSpec of a workload (sdk/podspec.ts podSpec), or undefined. */
function podSpec(scope: CelScope, obj: string): string {
  const path = (keys: readonly string[]): string => keys.reduce((acc, key) => bind(scope.names, acc, (o) => memberLiteral(o, key), "o"), obj);
  return bind(
    scope.names,
    bind(scope.names, obj, (o) => {
      const kind = memberLiteral(o, "kind");
      return bind(
        scope.names,
        kind,
        (k) =>
          `(${k} == "Pod" ? ${path(["spec"])} : ${isString(k)} && ${k} in [${TEMPLATE_KINDS.map(celString).join(", ")}] ? ${path(["spec", "template", "spec"])} : ${k} == "CronJob" ? ${path(["spec", "jobTemplate", "spec", "template", "spec"])} : ${UNDEFINED})`,
        "kind",
      );
    }),
    (spec) => `(${isMap(spec)} ? ${spec} : ${UNDEFINED})`,
    "spec",
  );
}

/** The objects of spec[key] when it is a list (sdk/podspec.ts containerList). */
function containerList(scope: CelScope, spec: string, key: string): string {
  const c = scope.names.fresh("c");
  return bind(scope.names, memberLiteral(spec, key), (l) => `(${isList(l)} ? ${l}.filter(${c}, ${isMap(c)}) : [])`, "l");
}

function containers(scope: CelScope, obj: string, keys: readonly string[]): string {
  return bind(scope.names, podSpec(scope, obj), (spec) => `(${keys.map((k) => containerList(scope, spec, k)).join(" + ")})`, "spec");
}

export function emitSdkCall(name: string, args: readonly Expr[], scope: CelScope): Cel {
  const arg = (i: number): string => emitExpr(args[i] ?? { kind: "undefined" }, scope).code;
  switch (name) {
    case "isObject":
      return boolean(bind(scope.names, arg(0), isMap));
    case "asArray":
      return value(bind(scope.names, arg(0), (v) => `(${isList(v)} ? ${v} : dyn([]))`));
    case "podSpec":
      return value(podSpec(scope, arg(0)));
    case "allContainers":
      return value(containers(scope, arg(0), ["containers", "initContainers", "ephemeralContainers"]));
    case "containersAndInitContainers":
      return value(containers(scope, arg(0), ["containers", "initContainers"]));
    case "matchesWildcard":
      return boolean(
        bind(scope.names, arg(0), (p) =>
          bind(
            scope.names,
            arg(1),
            (v) =>
              `(${isString(p)} && ${isString(v)} && (${p}.endsWith("*") ? ${v}.startsWith(${p}.substring(0, size(${p}) - 1)) : ${p}.startsWith("*") ? ${v}.endsWith(${p}.substring(1)) : ${p} == ${v}))`,
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
      return boolean(bind(scope.names, arg(1), (v) => `(${isString(v)} && ${v}.matches(${literal}))`));
    }
    default:
      return refuse(`${name}(...)`, "this SDK helper is not compiled to CEL yet");
  }
}
