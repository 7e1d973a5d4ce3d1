import { constraint, defineTemplate, isObject, regexMatches, type KubeObject } from "gkc/sdk";
import { field, printed } from "./lib/general.js";

export const template = defineTemplate({
  kind: "K8sHttpsOnly",
  title: "HTTPS Only",
  description:
    "Requires Ingress resources to be HTTPS only.  Ingress resources must include the `kubernetes.io/ingress.allow-http` annotation, set to `false`. By default a valid TLS {} configuration is required, this can be made optional by setting the `tlsOptional` parameter to `true`. https://kubernetes.io/docs/concepts/services-networking/ingress/#tls",
  version: "1.0.0",
});

/**
 * Requires Ingress resources to be HTTPS only.  Ingress resources must include the
 * `kubernetes.io/ingress.allow-http` annotation, set to `false`. By default a valid TLS {}
 * configuration is required, this can be made optional by setting the `tlsOptional` parameter
 * to `true`.
 */
export interface Parameters {
  /** When set to `true` the TLS {} is optional, defaults to false. */
  tlsOptional?: boolean;
}

/** The library's `count(x) > 0` on `spec.tls`: a non-empty list, map or string. */
function isNonEmpty(value: unknown): boolean {
  if (Array.isArray(value) || typeof value === "string") {
    return value.length > 0;
  }
  if (isObject(value)) {
    return Object.keys(value).length > 0;
  }
  return false;
}

/** The `kubernetes.io/ingress.allow-http` annotation is the string "false". */
function disallowsHttp(metadata: unknown): boolean {
  return field(field(metadata, "annotations"), "kubernetes.io/ingress.allow-http") === "false";
}

export function* violations(object: KubeObject, parameters: Parameters): Generator<string> {
  // The library reads the object's own kind and apiVersion (`.` in its pattern matches any character).
  const apiVersion: unknown = object.apiVersion;
  if (object.kind !== "Ingress" || typeof apiVersion !== "string" || !regexMatches("^(extensions|networking.k8s.io)/", apiVersion)) {
    return;
  }
  // The library's message needs metadata.name; without it it reports nothing.
  const name = field(object.metadata, "name");
  if (name === undefined) {
    return;
  }
  const annotated = disallowsHttp(object.metadata);
  if (parameters.tlsOptional === true) {
    if (!annotated) {
      yield `Ingress should be https. The allow-http=false annotation is required for ${printed(name)}`;
    }
  } else if (!(annotated && isNonEmpty(field(object["spec"], "tls")))) {
    yield `Ingress should be https. tls configuration and allow-http=false annotation are required for ${printed(name)}`;
  }
}

export const constraints = [
  constraint<Parameters>({
    name: "ingress-https-only",
    enforcementAction: "dryrun",
    match: { kinds: [{ apiGroups: ["extensions", "networking.k8s.io"], kinds: ["Ingress"] }] },
    parameters: {},
  }),
  constraint<Parameters>({
    name: "ingress-https-only-tls-optional",
    enforcementAction: "dryrun",
    match: { kinds: [{ apiGroups: ["extensions", "networking.k8s.io"], kinds: ["Ingress"] }] },
    parameters: { tlsOptional: true },
  }),
];
