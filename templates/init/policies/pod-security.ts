// Adopts a verified policy of gkc's library with this repository's own constraints: the
// template, predicate and parameter type come from gkc; the constraints are yours.
export { template, violations } from "gkc/library/pod-security-standard";
export type { Parameters } from "gkc/library/pod-security-standard";
import type { Parameters } from "gkc/library/pod-security-standard";
import { constraint } from "gkc/sdk";

export const constraints = [
  constraint<Parameters>({
    // A pod-spec policy: without a match, it applies to Pods and every pod controller.
    name: "pods-baseline",
    enforcementAction: "dryrun",
    parameters: { level: "baseline" },
  }),
];
