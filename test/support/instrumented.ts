// A policy's predicate with every `yield` instrumented to say which line produced each message
// (verify/cel.ts instrumentYields), loaded as a module: what the CEL correspondence (one
// validation per yield) needs on the TypeScript side. The instrumented copy is written beside
// the policy, so that its imports resolve as the original's do, and removed at once.
import { rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Predicate } from "../../compiler/policies.js";
import { instrumentYields, siteMessagesOf } from "../../verify/cel.js";
import { EMPTY_INVENTORY } from "../../verify/engines.js";
import { admissionReview, type Request } from "../../verify/review.js";

/** The predicate of the policy module `definition`, each yield instrumented. */
export async function instrumentedPredicate(definition: string): Promise<Predicate> {
  const file = join(dirname(definition), `.gkc-cel-${basename(definition, ".ts")}-${process.pid}.ts`);
  writeFileSync(file, instrumentYields(definition));
  try {
    const module = (await import(pathToFileURL(file).href)) as { violations: Predicate };
    return module.violations;
  } finally {
    rmSync(file, { force: true });
  }
}

/** The messages an instrumented predicate yields on `object`, each with its yield's line, or why it failed. */
export function siteMessages(predicate: Predicate, object: unknown, parameters: unknown, request: Request = "CREATE"): ReturnType<typeof siteMessagesOf> {
  try {
    return siteMessagesOf(predicate(object, parameters ?? {}, EMPTY_INVENTORY, admissionReview(object, request)));
  } catch (error) {
    return { error: `threw ${String(error)}` };
  }
}
