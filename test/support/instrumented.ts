// The messages a policy's instrumented predicate (verify/cel-native.ts instrumentedPredicate)
// yields on one object, each with the line of the `yield` that produced it: what the CEL
// correspondence (one validation per yield) needs on the TypeScript side.
import type { Predicate } from "../../compiler/policies.js";
import { siteMessagesOf } from "../../verify/cel.js";
import { EMPTY_INVENTORY } from "../../verify/engines.js";
import { admissionReview, type Request } from "../../verify/review.js";

/** The messages an instrumented predicate yields on `object`, each with its yield's line, or why it failed. */
export function siteMessages(predicate: Predicate, object: unknown, parameters: unknown, request: Request = "CREATE"): ReturnType<typeof siteMessagesOf> {
  try {
    return siteMessagesOf(predicate(object, parameters ?? {}, EMPTY_INVENTORY, admissionReview(object, request)));
  } catch (error) {
    return { error: `threw ${String(error)}` };
  }
}
