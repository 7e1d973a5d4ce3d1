import { asArray, constraint, defineTemplate, isObject, matchesWildcard, podSpec, type KubeObject } from "../sdk/index.js";

export const template = defineTemplate({
  kind: "K8sDedicatedServiceAccount",
  title: "Dedicated Service Account",
  description:
    "Requires Pods and pod controllers to run as a dedicated ServiceAccount rather than the namespace's default one. The ServiceAccount is spec.serviceAccountName; when that is absent or empty Kubernetes falls back to the deprecated spec.serviceAccount, and when both are absent or empty the Pod runs as \"default\". Objects in a namespace matching an exemptNamespaces pattern are skipped.",
  version: "1.0.0",
  podSpec: true,
});

/** Parameters of K8sDedicatedServiceAccount. */
export interface Parameters {
  /**
   * Namespaces whose workloads may run as the default ServiceAccount. A pattern ending in `*`
   * matches by prefix, one starting with `*` by suffix; any other pattern must equal the
   * namespace exactly.
   */
  exemptNamespaces?: string[];
}

/** `value` when it is a non-empty string, otherwise undefined. */
function nonEmpty(value: unknown): string | undefined {
  if (typeof value === "string" && value !== "") {
    return value;
  }
  return undefined;
}

/** The ServiceAccount a pod spec runs as: serviceAccountName, then the deprecated serviceAccount, then "default". */
function serviceAccountOf(spec: unknown): string {
  if (!isObject(spec)) {
    return "default";
  }
  return nonEmpty(spec["serviceAccountName"]) ?? nonEmpty(spec["serviceAccount"]) ?? "default";
}

/** The object's name for messages: metadata.name, else `<generateName>*`, else `<unnamed>`. */
function displayName(metadata: unknown): string {
  if (!isObject(metadata)) {
    return "<unnamed>";
  }
  const name = nonEmpty(metadata["name"]);
  const generateName = nonEmpty(metadata["generateName"]);
  if (name != null) {
    return name;
  }
  if (generateName != null) {
    return `${generateName}*`;
  }
  return "<unnamed>";
}

export function* violations(object: KubeObject, parameters: Parameters): Generator<string> {
  const spec = podSpec(object);
  if (spec == null) {
    return;
  }
  const metadata: unknown = object.metadata;
  const namespace: unknown = isObject(metadata) ? metadata["namespace"] : undefined;
  const exempt =
    typeof namespace === "string" && asArray(parameters.exemptNamespaces).some((pattern) => matchesWildcard(pattern, namespace));
  if (exempt) {
    return;
  }
  const kindValue: unknown = object.kind;
  const kind = typeof kindValue === "string" ? kindValue : "object";
  if (serviceAccountOf(spec) === "default") {
    yield `${kind} "${displayName(metadata)}" runs as the default ServiceAccount; give it a dedicated one`;
  }
}

export const constraints = [
  constraint<Parameters>({
    name: "workloads-use-dedicated-service-accounts",
    enforcementAction: "dryrun",
    match: {
      excludedNamespaces: ["kube-system", "kube-public", "kube-node-lease", "gatekeeper-system"],
    },
    parameters: {
      exemptNamespaces: [],
    },
  }),
];
