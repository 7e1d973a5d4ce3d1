// Text → text: a body line that type-tests a path read of the input with object.get,
// `is_string(object.get(input, ["review", "object", "kind"], set()))`, as the test of the
// reference itself, `is_string(input.review.object.kind)`. Where the path is missing (or passes
// through anything but an object), object.get gives set(), which no such test accepts, and the
// reference is undefined, which fails the line: the body, or the `else` branch, fails either
// way, and OPA reads a reference without the builtin's call and the array of keys. Only a whole
// line, never under `not` (there an undefined reference makes OPA fail the body rather than
// succeed), and only type tests that are false of set().
import { pathSegment } from "./expressions.js";
import { inputRead } from "./terms.js";

/** The type tests, each false of set() (so of a read's default), as a pattern's source. */
export const TYPE_TESTS = "is_(?:string|number|boolean|array|object|null)";

const TYPE_TEST = new RegExp(`^(\\t+)(${TYPE_TESTS})\\((object\\.get\\(input, .*)\\)$`);

/** The definition with each such line rewritten. */
export function typeTestReferences(definition: string): string {
  return definition
    .split("\n")
    .map((line) => {
      const match = TYPE_TEST.exec(line);
      const read = match ? inputRead(match[3]!) : undefined;
      if (!match || read === undefined || read.fallback !== "set()") return line;
      const path = read.keys.map((key) => pathSegment(JSON.parse(key) as string)).join("");
      return `${match[1]}${match[2]}(input${path})`;
    })
    .join("\n");
}
