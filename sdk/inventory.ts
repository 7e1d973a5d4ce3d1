// Gatekeeper's referential data: objects synced into `data.inventory`. A predicate that takes a
// third parameter `inventory: Inventory` reads it; the compiler maps it to `data.inventory`.
// Exact Rego counterparts: gkc_cluster_objects, gkc_namespaced_objects, gkc_cluster_object_names,
// gkc_namespaced_object_names (compiler/emit/rego/inventory-functions.ts).
import { isObject } from "./guards.js";
import type { KubeObject } from "./object.js";

type ByName = Readonly<Record<string, KubeObject>>;
type ByKind = Readonly<Record<string, ByName>>;
type ByGroupVersion = Readonly<Record<string, ByKind>>;

/** `data.inventory`: cluster-scoped objects by apiVersion, kind and name; namespaced ones by namespace first. */
export interface Inventory {
  readonly cluster?: ByGroupVersion;
  readonly namespace?: Readonly<Record<string, ByGroupVersion>>;
}

function field(value: unknown, key: string): unknown {
  return isObject(value) && Object.prototype.hasOwnProperty.call(value, key) ? value[key] : undefined;
}

/** The names of a name → object map whose value is an object, sorted (the order both engines agree on). */
function sortedNames(objects: unknown): string[] {
  if (!isObject(objects)) return [];
  return Object.keys(objects)
    .sort()
    .filter((name) => isObject(objects[name]));
}

/** The object values of a name → object map, sorted by name. */
function sortedObjects(objects: unknown): KubeObject[] {
  if (!isObject(objects)) return [];
  return sortedNames(objects).map((name) => objects[name] as KubeObject);
}

function clusterKind(inventory: Inventory, apiVersion: string, kind: string): unknown {
  return field(field(field(inventory, "cluster"), apiVersion), kind);
}

function namespacedKind(inventory: Inventory, namespace: string, apiVersion: string, kind: string): unknown {
  return typeof namespace === "string" ? field(field(field(field(inventory, "namespace"), namespace), apiVersion), kind) : undefined;
}

/** Cluster-scoped objects of one apiVersion (e.g. `v1`, `rbac.authorization.k8s.io/v1`) and kind, sorted by name. */
export function clusterObjects(inventory: Inventory, apiVersion: string, kind: string): KubeObject[] {
  return sortedObjects(clusterKind(inventory, apiVersion, kind));
}

/** Objects of one apiVersion and kind in `namespace`, sorted by name. */
export function namespacedObjects(inventory: Inventory, namespace: string, apiVersion: string, kind: string): KubeObject[] {
  return sortedObjects(namespacedKind(inventory, namespace, apiVersion, kind));
}

/**
 * The names clusterObjects' objects are synced under, sorted: the keys of the kind's map, as
 * Gatekeeper's sync writes each object's metadata.name. Cheaper than reading every object's name
 * where only the names matter (a message listing the synced StorageClasses).
 */
export function clusterObjectNames(inventory: Inventory, apiVersion: string, kind: string): string[] {
  return sortedNames(clusterKind(inventory, apiVersion, kind));
}

/** The names namespacedObjects' objects are synced under, sorted. */
export function namespacedObjectNames(inventory: Inventory, namespace: string, apiVersion: string, kind: string): string[] {
  return sortedNames(namespacedKind(inventory, namespace, apiVersion, kind));
}

/** A dictionary without a prototype: a namespace or kind named `constructor` or `__proto__` is just a key. */
function dictionary<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** Builds `data.inventory` from a list of objects, as Gatekeeper's sync does. */
export function inventoryOf(objects: Iterable<unknown>): Inventory {
  const cluster = dictionary<Record<string, Record<string, KubeObject>>>();
  const namespaced = dictionary<Record<string, Record<string, Record<string, KubeObject>>>>();
  for (const object of objects) {
    if (!isObject(object)) continue;
    const { apiVersion, kind } = object;
    const name = field(object["metadata"], "name");
    const namespace = field(object["metadata"], "namespace");
    if (typeof apiVersion !== "string" || typeof kind !== "string" || typeof name !== "string") continue;
    const root = typeof namespace === "string" && namespace ? (namespaced[namespace] ??= dictionary()) : cluster;
    const byKind = (root[apiVersion] ??= dictionary());
    (byKind[kind] ??= dictionary())[name] = object as KubeObject;
  }
  return { cluster, namespace: namespaced };
}
