// gator's assertion semantics (v3.23.0 pkg/gator/verify/assertion.go). An assertion counts the
// results whose message matches `message` (a Go regular expression, unanchored; every result when
// absent), then checks that count against `violations`: an integer means exactly that many,
// "yes" (the default) at least one, "no" none. A case passes when every assertion holds; it has
// to have at least one.
import { RE2JS } from "re2js";
import type { GatorAssertion } from "./suites.js";

/** Why the assertion fails on these result messages, or undefined when it holds. */
export function assertionFailure(assertion: GatorAssertion, messages: readonly string[]): string | undefined {
  let regex: RE2JS | undefined;
  if (assertion.message !== undefined && assertion.message !== null) {
    if (typeof assertion.message !== "string") return `invalid assertion: message must be a string`;
    try {
      regex = RE2JS.compile(assertion.message);
    } catch (error) {
      return `invalid regex: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
  const matching = messages.filter((m) => !regex || regex.matcher(m).find()).length;
  const containing = regex ? ` containing ${JSON.stringify(assertion.message)}` : "";
  const got = `got messages [${messages.join(" ")}]`;
  const violations = assertion.violations ?? "yes";
  if (typeof violations === "number") {
    if (!Number.isInteger(violations) || violations < 0) return `invalid assertion: violations, if set, must be a nonnegative integer, "yes", or "no"`;
    return matching === violations ? undefined : `got ${matching} violations${containing} but want exactly ${violations}: ${got}`;
  }
  if (violations === "yes") return matching > 0 ? undefined : `got ${matching} violations${containing} but want at least 1: ${got}`;
  if (violations === "no") return matching === 0 ? undefined : `got ${matching} violations${containing} but want none: ${got}`;
  return `invalid assertion: violations, if set, must be a nonnegative integer, "yes", or "no"`;
}

/** The first failing assertion of a case, as gator reports it. */
export function caseFailure(assertions: readonly GatorAssertion[], messages: readonly string[]): string | undefined {
  if (!assertions.length) return "invalid case: assertions must be non-empty";
  for (const assertion of assertions) {
    const failure = assertionFailure(assertion, messages);
    if (failure) return failure;
  }
  return undefined;
}
