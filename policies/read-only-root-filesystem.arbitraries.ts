// Generators for K8sReadOnlyRootFilesystem: workloads of every pod kind whose containers, init
// and ephemeral containers set readOnlyRootFilesystem to true, false, nothing, or a wrongly typed
// value (see verify/arbitraries-pss.ts), with exempt-image patterns that often hit their images.
import fc from "fast-check";
import { json, maybe } from "gkc/arbitraries";
import { anyPssWorkload, exemptImagesList } from "gkc/arbitraries/pss";
import type { Parameters } from "./read-only-root-filesystem.js";

/** A securityContext that mostly varies readOnlyRootFilesystem: true, false, "true", 1, missing, null. */
const securityContext = fc.record(
  {
    readOnlyRootFilesystem: maybe(fc.constantFrom<unknown>(true, true, true, false, "true", 1), 6),
    runAsNonRoot: fc.constantFrom(undefined, true),
  },
  { requiredKeys: [] },
);

export const objects: fc.Arbitrary<unknown> = anyPssWorkload({ securityContext });

export const parameters: fc.Arbitrary<Parameters> = json(fc.record({ exemptImages: exemptImagesList() }, { requiredKeys: [] }));
