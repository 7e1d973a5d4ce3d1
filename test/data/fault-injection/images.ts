// Surviving mutants of the gatekeeper-library ports (images group), explained (see test/fault-injection.test.ts).
import type { Listed } from "./listed.js";

/** shown()'s number test (gkc_cond_N): integers to 2^53 - 1 and fractions from 1e-6 to 1e6 print as digits. */
export const SHOWN_PRINTABLE =
  "[[gkc_remainder(value, 1) == 0, value <= 9007199254740991, value >= -9007199254740991] == [true, true, true], [magnitude >= 0.000001, magnitude < 1000000] == [true, true]] != [false, false]";
/** Why shown()'s `magnitude < 1000000` may be `<=`. */
export const MAGNITUDE_BOUND =
  "the tests differ only for a magnitude of exactly 1e6, i.e. the integer 1000000 or -1000000, which the first test (an integer within 2^53 - 1) already prints as digits";
/** shown()'s magnitude (gkc_cond_N(value) := 0 - value if value < 0, else value). */
export const MAGNITUDE_SIGN = "the magnitude's two branches differ only for 0, where 0 - 0 and 0 are the same number";

/** Mutants no input can kill, each with the reason. */
export const EQUIVALENT: readonly Listed[] = [
  {
    kind: "K8sDisallowedRepos",
    operator: "relational",
    before: SHOWN_PRINTABLE,
    after: SHOWN_PRINTABLE.replace("magnitude < 1000000", "magnitude <= 1000000"),
    reason: MAGNITUDE_BOUND,
  },
  { kind: "K8sDisallowedTags", operator: "relational", before: "value < 0", after: "value <= 0", reason: MAGNITUDE_SIGN },
  {
    kind: "K8sDisallowedTags",
    operator: "relational",
    before: SHOWN_PRINTABLE,
    after: SHOWN_PRINTABLE.replace("magnitude < 1000000", "magnitude <= 1000000"),
    reason: MAGNITUDE_BOUND,
  },
];

/** Mutants an input would kill that the fixtures and generators lack: reported weaknesses. */
export const KNOWN_GAPS: readonly Listed[] = [];
