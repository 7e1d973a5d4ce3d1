import { asArray, constraint, defineTemplate, isObject, matchesWildcard, type KubeObject } from "gkc/sdk";

export const template = defineTemplate({
  kind: "K8sIstioStrictMTLS",
  title: "Istio Strict mTLS",
  description:
    "Requires Istio PeerAuthentication policies to keep mutual TLS strict. spec.mtls.mode must be STRICT; PERMISSIVE is allowed only in namespaces listed in migratingNamespaces; DISABLE is never allowed. An absent mtls or mode, or mode UNSET, inherits from the parent policy (namespace-wide, then the mesh-wide policy in the root namespace) and is allowed: the parent is checked by this same policy, so make the mesh-wide root policy set STRICT explicitly. Each spec.portLevelMtls entry (port -> {mode}) follows the same rules and, in addition, may not be weaker than an explicit policy-level mode (STRICT > PERMISSIVE > DISABLE); an entry with mode UNSET or no mode inherits and is allowed. Modes are case-sensitive; any other value is a violation.",
  version: "1.0.0",
});

/** Parameters of K8sIstioStrictMTLS. */
export interface Parameters {
  /**
   * Namespaces still migrating to mTLS, where PERMISSIVE mode (plaintext and mTLS both accepted)
   * is allowed. A pattern ending in `*` matches by prefix, one starting with `*` by suffix; any
   * other pattern must equal the namespace exactly.
   */
  migratingNamespaces?: string[];
}

/** The strength of an mTLS mode: STRICT 3, PERMISSIVE 2, DISABLE 1; 0 for UNSET or absent (inherit); -1 when invalid. */
function strength(mode: unknown): number {
  if (mode == null || mode === "UNSET") {
    return 0;
  }
  if (mode === "DISABLE") {
    return 1;
  }
  if (mode === "PERMISSIVE") {
    return 2;
  }
  if (mode === "STRICT") {
    return 3;
  }
  return -1;
}

/** ` "<value>"` for a string value, nothing otherwise. */
function shown(value: unknown): string {
  if (typeof value === "string") {
    return ` "${value}"`;
  }
  return "";
}

/** `value` when it is a non-empty string, otherwise `fallback`. */
function textOr(value: unknown, fallback: string): string {
  if (typeof value === "string" && value !== "") {
    return value;
  }
  return fallback;
}

/** The mode of an `{ mode }` object, undefined when it is not an object. */
function modeOf(settings: unknown): unknown {
  if (isObject(settings)) {
    return settings["mode"];
  }
  return undefined;
}

export function* violations(object: KubeObject, parameters: Parameters): Generator<string> {
  const metadata: unknown = object.metadata;
  const namespace: unknown = isObject(metadata) ? metadata["namespace"] : undefined;
  const name: unknown = isObject(metadata) ? metadata["name"] : undefined;
  const subject = `PeerAuthentication "${textOr(namespace, "<no namespace>")}/${textOr(name, "<unnamed>")}"`;
  const migrating =
    typeof namespace === "string" && asArray(parameters.migratingNamespaces).some((pattern) => matchesWildcard(pattern, namespace));
  const spec: unknown = object.spec;
  const mode = modeOf(isObject(spec) ? spec["mtls"] : undefined);
  const policyStrength = strength(mode);
  if (policyStrength < 0) {
    yield `${subject} has an invalid mtls mode${shown(mode)}; use STRICT`;
  } else if (policyStrength === 1) {
    yield `${subject} disables mTLS (mode DISABLE); use STRICT`;
  } else if (policyStrength === 2 && !migrating) {
    yield `${subject} sets mtls mode PERMISSIVE, allowed only in migrating namespaces; use STRICT`;
  }
  const ports: unknown = isObject(spec) ? spec["portLevelMtls"] : undefined;
  if (!isObject(ports)) {
    return;
  }
  for (const [port, settings] of Object.entries(ports)) {
    const portMode = modeOf(settings);
    const portStrength = strength(portMode);
    if (portStrength < 0) {
      yield `${subject} has an invalid mtls mode${shown(portMode)} for port ${port}; use STRICT`;
    } else if (portStrength === 1) {
      yield `${subject} disables mTLS on port ${port} (mode DISABLE); use STRICT`;
    } else if (portStrength === 2 && policyStrength === 3) {
      yield `${subject} sets mtls mode PERMISSIVE on port ${port}, weaker than its policy-level mode STRICT`;
    } else if (portStrength === 2 && !migrating) {
      yield `${subject} sets mtls mode PERMISSIVE on port ${port}, allowed only in migrating namespaces; use STRICT`;
    }
  }
}

export const constraints = [
  constraint<Parameters>({
    name: "istio-mtls-must-be-strict",
    enforcementAction: "dryrun",
    match: { kinds: [{ apiGroups: ["security.istio.io"], kinds: ["PeerAuthentication"] }] },
    parameters: {
      migratingNamespaces: [],
    },
  }),
];
