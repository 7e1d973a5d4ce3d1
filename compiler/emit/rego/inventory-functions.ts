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

/** The sorted names of a kind's map whose value is an object (each tested, none read), as a comprehension over `objects`. */
export const SORTED_NAMES = "[name | some name in sort(object.keys(objects)); is_object(objects[name])]";

const sortedNames: RegoFunction = {
  name: "gkc_sorted_names",
  deps: [],
  source: `gkc_sorted_names(objects) := ${SORTED_NAMES} if {
	is_object(objects)
} else := []`,
};

/**
 * The four readers of one kind's map whose result `sorter` makes of it (the objects, or their
 * names): from an inventory value, cluster-scoped and namespaced (`gkc_cluster_<what>`), and
 * reading Gatekeeper's data.inventory by path (`gkc_inventory_cluster_<what>`). By path, Rego
 * reads only that kind's objects from the store, not the whole inventory (every synced object)
 * as a value: used when the predicate passes its inventory parameter itself and the apiVersion
 * and kind are strings.
 */
function kindReaders(what: string, sorter: RegoFunction) {
  const sort = sorter.name;
  return {
    cluster: {
      name: `gkc_cluster_${what}`,
      deps: [sort, "gkc_get"],
      source: `gkc_cluster_${what}(inventory, api_version, kind) := ${sort}(gkc_get(gkc_get(gkc_get(inventory, "cluster"), api_version), kind))`,
    },
    namespaced: {
      name: `gkc_namespaced_${what}`,
      deps: [sort, "gkc_get"],
      source: `gkc_namespaced_${what}(inventory, namespace, api_version, kind) := ${sort}(gkc_get(gkc_get(gkc_get(gkc_get(inventory, "namespace"), namespace), api_version), kind)) if {
	is_string(namespace)
} else := []`,
    },
    clusterByPath: {
      name: `gkc_inventory_cluster_${what}`,
      deps: [sort],
      source: `gkc_inventory_cluster_${what}(api_version, kind) := ${sort}(objects) if {
	objects := data.inventory.cluster[api_version][kind]
} else := []`,
    },
    namespacedByPath: {
      name: `gkc_inventory_namespaced_${what}`,
      deps: [sort],
      source: `gkc_inventory_namespaced_${what}(namespace, api_version, kind) := ${sort}(objects) if {
	is_string(namespace)
	objects := data.inventory.namespace[namespace][api_version][kind]
} else := []`,
    },
  } satisfies Record<string, RegoFunction>;
}

const objects = kindReaders("objects", sortedObjects);
const names = kindReaders("object_names", sortedNames);

export const INVENTORY_REGO: Readonly<Record<string, RegoFunction>> = {
  clusterObjects: objects.cluster,
  namespacedObjects: objects.namespaced,
  clusterObjectNames: names.cluster,
  namespacedObjectNames: names.namespaced,
};
/** SDK inventory functions by the Rego that reads data.inventory by path (see above). */
export const INVENTORY_PATH_REGO: Readonly<Record<string, RegoFunction>> = {
  clusterObjects: objects.clusterByPath,
  namespacedObjects: objects.namespacedByPath,
  clusterObjectNames: names.clusterByPath,
  namespacedObjectNames: names.namespacedByPath,
};
/** The SDK inventory functions that give names, not objects. */
export const INVENTORY_NAMES: ReadonlySet<string> = new Set(["clusterObjectNames", "namespacedObjectNames"]);
export const INVENTORY_REGO_HELPERS: Readonly<Record<string, RegoFunction>> = Object.fromEntries(
  [sortedObjects, sortedNames, ...Object.values(objects), ...Object.values(names)].map((f) => [f.name, f]),
);
