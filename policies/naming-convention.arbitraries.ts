// Generators for K8sNamingConvention: objects whose names sit near the usual DNS-label pattern
// and the length limits, with patterns (valid and invalid) and maxLength values around them.
import fc from "fast-check";
import { anyWorkload, json, maybe, metadata, objectName, plainObject, regexPattern } from "gkc/arbitraries";
import type { Parameters } from "./naming-convention.js";

export const objects: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: plainObject({ metadata: metadata({ name: maybe(objectName(), 24) }) }), weight: 3 },
  { arbitrary: anyWorkload(), weight: 1 },
);

const PATTERNS: readonly string[] = ["^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", "^team-", "(?i)^TEAM", "^[a-z]+$", "app", "", "^.{0,8}$"];
const INVALID_PATTERNS: readonly string[] = ["(", "(?=x)", "(a)\\1"];

export const parameters: fc.Arbitrary<Parameters> = json(
  fc.record(
    {
      pattern: fc.oneof(
        { arbitrary: fc.constantFrom(...PATTERNS), weight: 8 },
        { arbitrary: regexPattern(), weight: 2 },
        { arbitrary: fc.constantFrom(...INVALID_PATTERNS), weight: 1 },
      ),
      maxLength: fc.oneof(
        { arbitrary: fc.constantFrom(63, 64, 62, 5, 1, 0), weight: 3 },
        { arbitrary: fc.integer({ min: -2, max: 80 }), weight: 1 },
      ),
    },
    { requiredKeys: ["pattern"] },
  ),
);
