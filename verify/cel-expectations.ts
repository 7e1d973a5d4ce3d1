// What Gatekeeper's CEL engine must say on each fixture of a policy, from the TypeScript: the
// instrumented predicate's yields grouped as the CEL groups them (README, CEL, rule 25). gator and
// Gatekeeper decide a template that carries both engines by its CEL, so out/suite asserts these
// wherever the template carries CEL.
import type { Predicate } from "../compiler/policies.js";
import { inventoryOf } from "../sdk/inventory.js";
import { celRaisingPatterns, expectedCelMessages, recordRegexCalls, showsUnprintableNumber, siteMessagesOf, type SiteMessage } from "./cel.js";
import { instrumentedPredicate } from "./cel-native.js";
import type { Fixture } from "./fixtures.js";
import { admissionReview } from "./review.js";

/**
 * Kubernetes' message for a validation that failed on an error gkc's CEL raises on purpose (a
 * regular expression from the parameters, or a number it cannot print: verify/cel.ts), as a Go
 * regular expression for gator.
 */
export const CEL_RAISED_ERROR = "(?s)^expression '.*' resulted in error: .*(?:error parsing regexp: |type conversion error from 'string' to 'int'$)";

/** The CEL's outcome on one fixture. */
export type CelFixtureOutcome =
  /** The validations that fail give exactly these messages (sorted, unique). */
  | { readonly messages: readonly string[] }
  /** It denies with an evaluation error, on these patterns from the parameters (rule 23). */
  | { readonly raises: readonly string[] }
  /** It denies with this many validations, each with its joined message or an evaluation error (a number it cannot print, rule 21). */
  | { readonly failing: number };

/** The predicate's messages on `fixture`, each with its yield, and the regular-expression calls it made; undefined if it failed. */
function runFixture(predicate: Predicate, fixture: Fixture): { sites: SiteMessage[]; patterns: string[] } | undefined {
  const { value: sites, calls } = recordRegexCalls(() => {
    try {
      return siteMessagesOf(predicate(fixture.object, fixture.parameters ?? {}, inventoryOf(fixture.inventory), admissionReview(fixture.object, fixture.request)));
    } catch (error) {
      return { error: String(error) };
    }
  });
  return "error" in sites ? undefined : { sites, patterns: celRaisingPatterns(calls) };
}

/**
 * The CEL's outcome on each fixture, by fixture name. The fixture's messages are the expectation,
 * grouped by the yield that gave each when the predicate ran on the fixture. A message the
 * predicate did not give (a wrong fixture, which `gkc verify` reports) stays a group of its own,
 * so the case fails in gator as the Rego's would.
 */
export async function celFixtureOutcomes(definition: string, fixtures: readonly Fixture[], kind: string, sourceLabel: string): Promise<Map<string, CelFixtureOutcome>> {
  const predicate = await instrumentedPredicate(definition);
  const out = new Map<string, CelFixtureOutcome>();
  for (const fixture of fixtures) {
    const run = runFixture(predicate, fixture);
    const expected = [...new Set(fixture.violations)];
    const sites = run?.sites.filter((s) => expected.includes(s.message)) ?? [];
    // Lines no yield has: one group per message no yield gave.
    expected.filter((m) => !sites.some((s) => s.message === m)).forEach((message, i) => sites.push({ line: -1 - i, message }));
    if (run?.patterns.length) out.set(fixture.name, { raises: run.patterns });
    else if (expected.some(showsUnprintableNumber)) out.set(fixture.name, { failing: new Set(sites.map((s) => s.line)).size });
    else out.set(fixture.name, { messages: expectedCelMessages(sites, kind, sourceLabel) });
  }
  return out;
}
