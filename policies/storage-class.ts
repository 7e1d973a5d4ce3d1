import { asArray, clusterObjectNames, constraint, defineTemplate, isObject, type Inventory, type KubeObject } from "gkc/sdk";
import { field, joinNames, members, regoText } from "./lib/referential.js";

export const template = defineTemplate({
  kind: "K8sStorageClass",
  title: "Storage Class",
  description:
    "Requires storage classes to be specified when used. Only Gatekeeper 3.9+ and non-ephemeral containers are supported.",
  version: "1.0.0",
  syncs: [{ group: "storage.k8s.io", version: "v1", kind: "StorageClass" }],
});

/** Requires storage classes to be specified when used. */
export interface Parameters {
  /** List the valid storage classes in violation messages. Default: true. */
  includeStorageClassesInMessage?: boolean;
  /** An optional allow-list of storage classes.  If specified, any storage class not in the `allowedStorageClasses` parameter is disallowed. */
  allowedStorageClasses?: string[];
}

const NOT_SYNCED = "StorageClasses not synced. Gatekeeper may be misconfigured. Please have a cluster-admin consult the documentation.";

/**
 * The library's `storageclass_allowed`: the class is synced (looked up by name, as Gatekeeper keys
 * the inventory and the library reads it), and the allow-list (default `["*"]`) holds `*` or its name.
 */
function allowed(inventory: Inventory, name: unknown, allowList: string[]): boolean {
  if (typeof name !== "string") return false;
  const synced = field(field(field(field(inventory, "cluster"), "storage.k8s.io/v1"), "StorageClass"), name);
  return isObject(synced) && (allowList.includes("*") || allowList.includes(name));
}

/** Rego's `not x`: x is undefined or false. */
function absent(value: unknown): boolean {
  return value === undefined || value === false;
}

export function* violations(object: KubeObject, parameters: Parameters, inventory: Inventory): Generator<string> {
  // The synced classes' names, sorted, as the library lists them: the inventory's keys, each the
  // class's metadata.name (Gatekeeper's sync keys objects by name).
  const classes = clusterObjectNames(inventory, "storage.k8s.io/v1", "StorageClass");
  if (classes.length === 0) {
    yield NOT_SYNCED;
  }
  const allowListed = asArray(parameters.allowedStorageClasses);
  const allowList = parameters.allowedStorageClasses == null ? ["*"] : allowListed;
  const include = parameters.includeStorageClassesInMessage !== false;
  const restricted = parameters.allowedStorageClasses != null;
  const valid = include ? ` Must be one of [${joinNames(restricted ? classes.filter((c) => allowListed.includes(c)) : classes)}]` : "";
  const existing = include ? ` Must be one of [${joinNames(classes)}]` : "";
  const qualifier = include && restricted ? "an allowed and valid" : "a valid";

  const spec: unknown = object["spec"];
  if (object.apiVersion === "v1" && object.kind === "PersistentVolumeClaim") {
    const name = field(spec, "storageClassName");
    if (name !== undefined && !allowed(inventory, name, allowList)) {
      yield `pvc did not specify ${qualifier} storage class name <${regoText(name)}>.${valid}`;
    }
    if (absent(name)) {
      yield `pvc did not specify a storage class name.${existing}`;
    }
  }
  if (object.apiVersion === "apps/v1" && object.kind === "StatefulSet") {
    for (const claim of members(field(spec, "volumeClaimTemplates"))) {
      const name = field(field(claim, "spec"), "storageClassName");
      if (name !== undefined && !allowed(inventory, name, allowList)) {
        yield `statefulset did not specify ${qualifier} storage class name <${regoText(name)}>.${valid}`;
      }
      if (absent(name)) {
        yield `statefulset did not specify a storage class name.${existing}`;
      }
    }
  }
}

export const constraints = [
  constraint<Parameters>({
    name: "storageclass",
    enforcementAction: "dryrun",
    match: {
      kinds: [
        { apiGroups: [""], kinds: ["PersistentVolumeClaim"] },
        { apiGroups: ["apps"], kinds: ["StatefulSet"] },
      ],
    },
    parameters: { includeStorageClassesInMessage: true },
  }),
  constraint<Parameters>({
    name: "allowed-storageclass",
    enforcementAction: "dryrun",
    match: {
      kinds: [
        { apiGroups: [""], kinds: ["PersistentVolumeClaim"] },
        { apiGroups: ["apps"], kinds: ["StatefulSet"] },
      ],
    },
    parameters: { includeStorageClassesInMessage: true, allowedStorageClasses: ["allowed-storage-class"] },
  }),
];
