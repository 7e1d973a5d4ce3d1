// Generators for K8sRequiredLabels: objects whose labels are drawn from the same small key and
// value pools as the required labels and regexes, so present, missing, matching and
// non-matching labels are all common.
import fc from "fast-check";
import { anyWorkload, json, LABEL_KEYS, labelKey, plainObject, regexPattern } from "gkc/arbitraries";
import type { Parameters } from "./required-labels.js";

export const objects: fc.Arbitrary<unknown> = fc.oneof(plainObject(), anyWorkload());

const requiredLabel = fc.record(
  {
    key: fc.oneof({ arbitrary: fc.constantFrom(...LABEL_KEYS), weight: 4 }, { arbitrary: labelKey(), weight: 1 }),
    allowedRegex: regexPattern(),
  },
  { requiredKeys: ["key"] },
);

export const parameters: fc.Arbitrary<Parameters> = json(
  fc.record(
    {
      labels: fc.array(requiredLabel, { maxLength: 4 }),
      message: fc.oneof(
        { arbitrary: fc.constant(undefined), weight: 6 },
        { arbitrary: fc.constantFrom("", "every object needs its owner and team labels"), weight: 2 },
      ),
    },
    { requiredKeys: ["labels"] },
  ),
);
