import { constraint, defineTemplate, type AdmissionReview, type Inventory, type KubeObject } from "gkc/sdk";
import { field, hasMember, members, quoted } from "./lib/general.js";

export const template = defineTemplate({
  kind: "K8sExternalIPs",
  title: "External IPs",
  description:
    "Restricts Service externalIPs to an allowed list of IP addresses. https://kubernetes.io/docs/concepts/services-networking/service/#external-ips",
  version: "1.0.0",
});

/** Parameters of K8sExternalIPs. */
export interface Parameters {
  /** An allow-list of external IP addresses. */
  allowedIPs?: string[];
}

/** True when `ip` is in the allow-list (compared exactly, as strings). */
function isAllowed(ip: unknown, allowedIPs: unknown): boolean {
  return typeof ip === "string" && hasMember(allowedIPs, ip);
}

export function* violations(object: KubeObject, parameters: Parameters, _inventory: Inventory, review: AdmissionReview): Generator<string> {
  // The library judges the request's kind (input.review.kind): core-group Services only.
  if (review.kind?.kind !== "Service" || review.kind?.group !== "") {
    return;
  }
  const externalIPs = field(object["spec"], "externalIPs");
  const forbidden = members(externalIPs).filter((ip) => !isAllowed(ip, parameters.allowedIPs));
  if (forbidden.length === 0) {
    return;
  }
  if (Array.isArray(externalIPs)) {
    // The library prints the set of forbidden IPs, e.g. {"1.1.1.1"}; here they are listed in the
    // Service's order, comma-separated.
    yield `service has forbidden external IPs: {${forbidden.map((ip) => quoted(ip))}}`;
  } else {
    yield "service has forbidden external IPs: spec.externalIPs is not a list";
  }
}

export const constraints = [
  constraint<Parameters>({
    name: "external-ips",
    enforcementAction: "dryrun",
    match: { kinds: [{ apiGroups: [""], kinds: ["Service"] }] },
    parameters: { allowedIPs: ["203.0.113.0"] },
  }),
];
