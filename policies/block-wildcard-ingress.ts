import { constraint, defineTemplate, isObject, type AdmissionReview, type Inventory, type KubeObject } from "gkc/sdk";
import { field, members } from "./lib/general.js";

export const template = defineTemplate({
  kind: "K8sBlockWildcardIngress",
  title: "Block Wildcard Ingress",
  description:
    "Users should not be able to create Ingresses with a blank or wildcard (*) hostname since that would enable them to intercept traffic for other services in the cluster, even if they don't have access to those services.",
  version: "1.0.0",
});

/** K8sBlockWildcardIngress takes no parameters. */
export interface Parameters {}

/** A rule's host as the library reads it: an omitted `host` counts as "". */
function hostOf(rule: Record<string, unknown>): unknown {
  const host = rule["host"];
  return host === undefined ? "" : host;
}

/** The library's `contains_wildcard`: the empty host, or a host containing `*`. */
function isWildcard(host: unknown): boolean {
  return host === "" || (typeof host === "string" && host.includes("*"));
}

export function* violations(object: KubeObject, _parameters: Parameters, _inventory: Inventory, review: AdmissionReview): Generator<string> {
  // The library judges the request's kind (input.review.kind), not the object's own `kind` field.
  if (review.kind?.kind !== "Ingress") {
    return;
  }
  for (const rule of members(field(object["spec"], "rules"))) {
    if (!isObject(rule)) {
      continue;
    }
    const host = hostOf(rule);
    if (typeof host === "string" && isWildcard(host)) {
      yield `Hostname '${host}' is not allowed since it counts as a wildcard, which can be used to intercept traffic from other applications.`;
    }
  }
}

export const constraints = [
  constraint<Parameters>({
    name: "block-wildcard-ingress",
    enforcementAction: "dryrun",
    match: { kinds: [{ apiGroups: ["extensions", "networking.k8s.io"], kinds: ["Ingress"] }] },
    parameters: {},
  }),
];
