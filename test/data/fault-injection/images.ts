// Surviving mutants of the gatekeeper-library ports (images group), explained (see test/fault-injection.test.ts).
import type { Listed } from "./listed.js";

/** shown()'s number test (gkc_cond_N): integers to 2^53 - 1 and fractions from 1e-6 to 1e6 print as digits. */
const SHOWN_PRINTABLE =
  "[[gkc_remainder(value, 1) == 0, value <= 9007199254740991, value >= -9007199254740991] == [true, true, true], [magnitude >= 0.000001, magnitude < 1000000] == [true, true]] != [false, false]";
/** Why shown()'s `magnitude < 1000000` may be `<=`. */
const MAGNITUDE_BOUND =
  "the tests differ only for a magnitude of exactly 1e6, i.e. the integer 1000000 or -1000000, which the first test (an integer within 2^53 - 1) already prints as digits";
/** shown()'s magnitude (gkc_cond_N(value) := 0 - value if value < 0, else value). */
const MAGNITUDE_SIGN = "the magnitude's two branches differ only for 0, where 0 - 0 and 0 are the same number";

/** A parameter's is_string(...) removed where the next test is a gkc_regex_matches of it. */
const impliedByRegexMatch = (test: string): string =>
  `the next test, ${test}, is false unless that value is a string (gkc_regex_matches starts with is_string(value), else false), so is_string is already implied`;

/** isExemptImage defined where it is true (only tested): its exemptImages are the parameter's. */
const EXEMPT_IMAGES_ARRAY =
  "isExemptImage is called only with the parameters' exemptImages, which the schema makes an array of strings or absent (set()), and each of its definitions then iterates them (`some exemption1 in exemptImages`): set() has nothing to iterate, so without the test no definition holds where none did";

/** isExemptImage's is_string(image): a non-string image matches no exemption anyway. */
const EXEMPT_IMAGE_STRING =
  "isExemptImage's exemptions are a parameter's list of strings by the schema (exemptImages; K8sAllowedReposv2's allowedImages): for an image that is not a string (or set()), startswith(image, …) is a type error, undefined in OPA, and image == exemption1 is false, so without the test no definition holds where none did";

/** A gkc_cond_N whose branches both give false. */
const FALSE_EITHER_WAY = "gkc_cond_N(quantity) := false if {...} else := false gives false whichever branch holds, so no edit of its conditions changes what it gives";

/** Mutants no input can kill, each with the reason. */
export const EQUIVALENT: readonly Listed[] = [
  {
    kind: "K8sDisallowedRepos",
    operator: "relational",
    before: SHOWN_PRINTABLE,
    after: SHOWN_PRINTABLE.replace("magnitude < 1000000", "magnitude <= 1000000"),
    reason: MAGNITUDE_BOUND,
  },
  {
    kind: "K8sImageDigests",
    operator: "relational",
    before: SHOWN_PRINTABLE,
    after: SHOWN_PRINTABLE.replace("magnitude < 1000000", "magnitude <= 1000000"),
    reason: MAGNITUDE_BOUND,
  },

  { kind: "K8sImageDigests", operator: "relational", line: 73, before: "value < 0", after: "value <= 0", reason: MAGNITUDE_SIGN },
  ...(["K8sPSPProcMount", "K8sPSPSeccompV2", "K8sPSPHostProbesLifecycle"] as const).map(
    (kind): Listed => ({ kind, operator: "remove-condition", before: "is_array(exemptImages)", after: "", reason: EXEMPT_IMAGES_ARRAY }),
  ),
  ...([
    ["K8sPSPPrivilegedContainer", 49],
    ["K8sPSPReadOnlyRootFilesystem", 48],
  ] as const).map(
    ([kind, line]): Listed => ({
      kind,
      operator: "remove-condition",
      line,
      before: 'not endswith(exemption1, "*")',
      after: "",
      reason: "isExemptImage's equality body then also holds for an image equal to an exemption ending in *, which the prefix body exempts already (the image starts with the exemption less its *)",
    }),
  ),
  ...([
    ["K8sAllowedReposv2", 35],
    ["K8sPSPAppArmor", 26],
    ["K8sPSPHostNetworkingPorts", 42],
  ] as const).map(([kind, line]): Listed => ({ kind, operator: "remove-condition", line, before: "is_string(image)", after: "", reason: EXEMPT_IMAGE_STRING })),
  ...(["K8sAllowedRepos", "K8sAllowedReposv2"] as const).map(
    (kind): Listed => ({ kind, operator: "relational", before: SHOWN_PRINTABLE, after: SHOWN_PRINTABLE.replace("magnitude < 1000000", "magnitude <= 1000000"), reason: MAGNITUDE_BOUND }),
  ),
  { kind: "K8sAllowedReposv2", operator: "relational", before: "value < 0", after: "value <= 0", reason: MAGNITUDE_SIGN },
  { kind: "K8sRequiredResources", operator: "remove-condition", line: 31, before: "is_string(image)", after: "", reason: EXEMPT_IMAGE_STRING },
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
