import { constraint, defineTemplate, isObject, regexMatches, regoEquals, scalarEquals, type AdmissionReview, type Inventory, type KubeObject } from "gkc/sdk";
import { field, members, regoText } from "./lib/referential.js";

export const template = defineTemplate({
  kind: "K8sUniqueIngressHost",
  title: "Unique Ingress Host",
  description:
    "Requires all Ingress rule hosts to be unique. Does not handle hostname wildcards: https://kubernetes.io/docs/concepts/services-networking/ingress/",
  version: "1.0.0",
  syncs: [
    { group: "extensions", version: "v1beta1", kind: "Ingress" },
    { group: "networking.k8s.io", version: "v1beta1", kind: "Ingress" },
    { group: "networking.k8s.io", version: "v1", kind: "Ingress" },
  ],
});

/** K8sUniqueIngressHost takes no parameters. */
export interface Parameters {}

/** The Ingress groups the library checks and reads from the inventory (its patterns: the dots are not escaped). */
const INGRESS_GROUP = "^(extensions|networking.k8s.io)$";
const INGRESS_API_VERSION = "^(extensions|networking.k8s.io)/.+$";

/** The library's `identical`: the synced Ingress is the one under review (same namespace and name). */
function identical(other: unknown, object: KubeObject): boolean {
  const metadata = field(other, "metadata");
  return scalarEquals(field(metadata, "namespace"), object.metadata?.namespace) && scalarEquals(field(metadata, "name"), object.metadata?.name);
}

/** True when one of the Ingress's rules has `host` (compared as Rego compares values). */
function hasHost(ingress: unknown, host: unknown): boolean {
  return members(field(field(ingress, "spec"), "rules")).some((rule) => regoEquals(field(rule, "host"), host));
}

export function* violations(object: KubeObject, _parameters: Parameters, inventory: Inventory, review: AdmissionReview): Generator<string> {
  const group: unknown = review.kind?.group;
  if (review.kind?.kind !== "Ingress" || typeof group !== "string" || !regexMatches(INGRESS_GROUP, group)) {
    return;
  }
  const namespaces = field(inventory, "namespace");
  if (!isObject(namespaces)) {
    return;
  }
  for (const rule of members(field(object["spec"], "rules"))) {
    const host = field(rule, "host");
    if (host === undefined) {
      continue;
    }
    // Every synced Ingress, of any namespace and of any extensions or networking.k8s.io version.
    for (const versions of Object.values(namespaces)) {
      if (!isObject(versions)) {
        continue;
      }
      for (const [apiVersion, kinds] of Object.entries(versions)) {
        if (!regexMatches(INGRESS_API_VERSION, apiVersion)) {
          continue;
        }
        if (members(field(kinds, "Ingress")).some((other) => !identical(other, object) && hasHost(other, host))) {
          yield `ingress host conflicts with an existing ingress <${regoText(host)}>`;
        }
      }
    }
  }
}

export const constraints = [
  constraint<Parameters>({
    name: "unique-ingress-host",
    enforcementAction: "dryrun",
    match: { kinds: [{ apiGroups: ["extensions", "networking.k8s.io"], kinds: ["Ingress"] }] },
    parameters: {},
  }),
];
