// Surviving mutants of the gatekeeper-library ports (referential group), explained (see test/fault-injection.test.ts).
// Each is a guard that the next step already implies (the step fails, or iterates nothing, for
// every value the guard would have stopped).
import type { Listed } from "./listed.js";

/** Mutants no input can kill, each with the reason. */
export const EQUIVALENT: readonly Listed[] = [
  {
    kind: "NoUpdateServiceAccount",
    operator: "remove-condition",
    before: "is_string(kind)",
    after: "",
    reason: "serviceAccountName's controller branch: the next step, `kind in [\"ReplicationController\", ...]`, holds only for one of those strings, so the type test is implied",
  },
  {
    kind: "K8sUniqueIngressHost",
    operator: "remove-condition",
    before: "is_object(versions)",
    after: "",
    reason:
      "the next steps iterate `some apiVersion, kinds in versions` and test regex.match(pattern, apiVersion): a string iterates nothing, and an array's keys are numbers, on which regex.match is a type error and so undefined (OPA evaluates builtins without strict errors, in Gatekeeper and in wasm), so no version that is not an object gets past them",
  },
];

/** Mutants an input would kill that the fixtures and generators lack: reported weaknesses. */
export const KNOWN_GAPS: readonly Listed[] = [];
