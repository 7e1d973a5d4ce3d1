// Rego twins of sdk/inventory.ts. Object iteration order is not guaranteed to agree between
// engines, so both sort names explicitly. The names are object.keys: OPA reads the store's objects
// lazily, and iterating the map would convert every object of the kind in full on each review
// where object.keys lists the names and each lookup converts only what is read.
import type { RegoFunction } from "./sdk-functions.js";

export const sortedObjects: RegoFunction = {
  name: "gkc_sorted_objects",
  deps: [],
  source: `gkc_sorted_objects(objects) := [objects[name] | some name in sort(object.keys(objects)); is_object(objects[name])] if {
	is_object(objects)
} else := []`,
};

export const sortedNames: RegoFunction = {
  name: "gkc_sorted_names",
  deps: [],
  source: `gkc_sorted_names(objects) := [name | some name in sort(object.keys(objects)); is_object(objects[name])] if {
	is_object(objects)
} else := []`,
};

const clusterObjects: RegoFunction = {
  name: "gkc_cluster_objects",
  deps: ["gkc_sorted_objects", "gkc_get"],
  source: `gkc_cluster_objects(inventory, api_version, kind) := gkc_sorted_objects(gkc_get(gkc_get(gkc_get(inventory, "cluster"), api_version), kind))`,
};

const namespacedObjects: RegoFunction = {
  name: "gkc_namespaced_objects",
  deps: ["gkc_sorted_objects", "gkc_get"],
  source: `gkc_namespaced_objects(inventory, namespace, api_version, kind) := gkc_sorted_objects(gkc_get(gkc_get(gkc_get(gkc_get(inventory, "namespace"), namespace), api_version), kind)) if {
	is_string(namespace)
} else := []`,
};

const clusterObjectNames: RegoFunction = {
  name: "gkc_cluster_object_names",
  deps: ["gkc_sorted_names", "gkc_get"],
  source: `gkc_cluster_object_names(inventory, api_version, kind) := gkc_sorted_names(gkc_get(gkc_get(gkc_get(inventory, "cluster"), api_version), kind))`,
};

const namespacedObjectNames: RegoFunction = {
  name: "gkc_namespaced_object_names",
  deps: ["gkc_sorted_names", "gkc_get"],
  source: `gkc_namespaced_object_names(inventory, namespace, api_version, kind) := gkc_sorted_names(gkc_get(gkc_get(gkc_get(gkc_get(inventory, "namespace"), namespace), api_version), kind)) if {
	is_string(namespace)
} else := []`,
};

// The same, reading Gatekeeper's data.inventory by path: Rego then reads only that kind's
// objects from the store, not the whole inventory (every synced object) as a value. Used when the
// predicate passes its inventory parameter itself and the apiVersion and kind are strings.
const inventoryClusterObjects: RegoFunction = {
  name: "gkc_inventory_cluster_objects",
  deps: ["gkc_sorted_objects"],
  source: `gkc_inventory_cluster_objects(api_version, kind) := gkc_sorted_objects(objects) if {
	objects := data.inventory.cluster[api_version][kind]
} else := []`,
};

const inventoryNamespacedObjects: RegoFunction = {
  name: "gkc_inventory_namespaced_objects",
  deps: ["gkc_sorted_objects"],
  source: `gkc_inventory_namespaced_objects(namespace, api_version, kind) := gkc_sorted_objects(objects) if {
	is_string(namespace)
	objects := data.inventory.namespace[namespace][api_version][kind]
} else := []`,
};

const inventoryClusterObjectNames: RegoFunction = {
  name: "gkc_inventory_cluster_object_names",
  deps: ["gkc_sorted_names"],
  source: `gkc_inventory_cluster_object_names(api_version, kind) := gkc_sorted_names(objects) if {
	objects := data.inventory.cluster[api_version][kind]
} else := []`,
};

const inventoryNamespacedObjectNames: RegoFunction = {
  name: "gkc_inventory_namespaced_object_names",
  deps: ["gkc_sorted_names"],
  source: `gkc_inventory_namespaced_object_names(namespace, api_version, kind) := gkc_sorted_names(objects) if {
	is_string(namespace)
	objects := data.inventory.namespace[namespace][api_version][kind]
} else := []`,
};

export const INVENTORY_REGO: Readonly<Record<string, RegoFunction>> = { clusterObjects, namespacedObjects, clusterObjectNames, namespacedObjectNames };
/** SDK inventory functions by the Rego that reads data.inventory by path (see above). */
export const INVENTORY_PATH_REGO: Readonly<Record<string, RegoFunction>> = {
  clusterObjects: inventoryClusterObjects,
  namespacedObjects: inventoryNamespacedObjects,
  clusterObjectNames: inventoryClusterObjectNames,
  namespacedObjectNames: inventoryNamespacedObjectNames,
};
/** The SDK inventory functions that give names, not objects. */
export const INVENTORY_NAMES: ReadonlySet<string> = new Set(["clusterObjectNames", "namespacedObjectNames"]);
export const INVENTORY_REGO_HELPERS: Readonly<Record<string, RegoFunction>> = Object.fromEntries(
  [
    sortedObjects, sortedNames, clusterObjects, namespacedObjects, clusterObjectNames, namespacedObjectNames,
    inventoryClusterObjects, inventoryNamespacedObjects, inventoryClusterObjectNames, inventoryNamespacedObjectNames,
  ].map((f) => [f.name, f]),
);
