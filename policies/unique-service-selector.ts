import { constraint, defineTemplate, isObject, scalarEquals, type AdmissionReview, type Inventory, type KubeObject } from "gkc/sdk";
import { field } from "./lib/referential.js";

export const template = defineTemplate({
  kind: "K8sUniqueServiceSelector",
  title: "Unique Service Selector",
  description:
    "Requires Services to have unique selectors within a namespace. Selectors are considered the same if they have identical keys and values. Selectors may share a key/value pair so long as there is at least one distinct key/value pair between them. https://kubernetes.io/docs/concepts/services-networking/service/#defining-a-service",
  version: "1.0.0",
  syncs: [{ group: "", version: "v1", kind: "Service" }],
});

/** K8sUniqueServiceSelector takes no parameters. */
export interface Parameters {}

/**
 * The entries of a Service's `spec.selector` as the library flattens them: `key:value` for every
 * string value (the library drops the others). A Service without selector has none.
 */
function selectorPairs(service: unknown): string[] {
  const selector = field(field(service, "spec"), "selector");
  if (!isObject(selector)) {
    return [];
  }
  return Object.keys(selector)
    .filter((key) => typeof selector[key] === "string")
    .map((key) => `${key}:${selector[key]}`);
}

/** The library's comparison of flattened selectors: the same `key:value` entries (two Services without selector are the same). */
function sameSelector(pairs: string[], other: string[]): boolean {
  return pairs.length === other.length && pairs.every((pair) => other.includes(pair)) && other.every((pair) => pairs.includes(pair));
}

/**
 * The library's `identical`: the synced Service is the one under review (same namespace and name
 * as the request, kind Service, apiVersion v1).
 */
function identical(other: unknown, review: AdmissionReview): boolean {
  const metadata = field(other, "metadata");
  return (
    scalarEquals(field(metadata, "namespace"), review.namespace) &&
    scalarEquals(field(metadata, "name"), review.name) &&
    field(other, "kind") === "Service" &&
    field(other, "apiVersion") === "v1"
  );
}

export function* violations(object: KubeObject, _parameters: Parameters, inventory: Inventory, review: AdmissionReview): Generator<string> {
  if (review.kind?.kind !== "Service" || review.kind?.version !== "v1" || review.kind?.group !== "") {
    return;
  }
  const namespaces = field(inventory, "namespace");
  if (!isObject(namespaces)) {
    return;
  }
  const pairs = selectorPairs(object);
  // Every synced Service, of every namespace (not only the Service's own) and every apiVersion.
  for (const [namespace, versions] of Object.entries(namespaces)) {
    if (!isObject(versions)) {
      continue;
    }
    for (const kinds of Object.values(versions)) {
      const services = field(kinds, "Service");
      if (!isObject(services)) {
        continue;
      }
      for (const [name, other] of Object.entries(services)) {
        if (!identical(other, review) && sameSelector(pairs, selectorPairs(other))) {
          yield `same selector as service <${name}> in namespace <${namespace}>`;
        }
      }
    }
  }
}

export const constraints = [
  constraint<Parameters>({
    name: "unique-service-selector",
    enforcementAction: "dryrun",
    parameters: {},
  }),
];
