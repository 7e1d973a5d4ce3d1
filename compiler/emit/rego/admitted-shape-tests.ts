// Text → text: a violation rule's test of the type of a member every admitted object has, which
// the optimizer put before the body's first iteration (a closed test goes first: it runs once),
// moved to the end of the body. The API server admits no object without a string apiVersion and
// kind and an object metadata, so the test holds in every real review: first, it costs each
// review and fails none; last, it runs only for a would-be violation, and most reviews have none.
// VerifyDeprecatedAPI tested both strings before its loop: 14 of an allowed review's 91
// allocations (opa bench; the library's template makes 77).
//
// Why it means the same: a rule body is a conjunction of pure expressions, and these lines bind
// nothing, so any order of them gives the same results. A builtin's error is no exception: OPA
// (without strict builtin errors, as Gatekeeper runs it) and the wasm SDK make a failing builtin
// call undefined, which fails the body wherever the type test stands. The emitter chose each
// line's form knowing the test holds, and it still holds, at the end, for every result.
const ADMITTED_SHAPE_TEST = /^\t(?:is_string\(input\.review\.object\.(?:apiVersion|kind)\)|is_object\(input\.review\.object\.metadata\))$/;
const VIOLATION = "violation contains result if {";

/** A violation rule with its admitted-shape tests before its first iteration moved to its end. */
export function admittedShapeTestsLast(definition: string): string {
  const lines = definition.split("\n");
  // After the comment naming the source lines.
  const head = lines.indexOf(VIOLATION);
  if (head < 0 || lines[lines.length - 1] !== "}") return definition;
  const body = lines.slice(head + 1, -1);
  const firstIteration = body.findIndex((line) => line.startsWith("\tsome "));
  if (firstIteration < 0) return definition;
  const moved = body.slice(0, firstIteration).filter((line) => ADMITTED_SHAPE_TEST.test(line));
  if (moved.length === 0) return definition;
  const kept = body.filter((line, at) => at >= firstIteration || !moved.includes(line));
  // Before the result, which the emitter writes last: a message is the costliest line.
  const end = kept[kept.length - 1]!.startsWith("\tresult := ") ? kept.length - 1 : kept.length;
  return [...lines.slice(0, head + 1), ...kept.slice(0, end), ...moved, ...kept.slice(end), "}"].join("\n");
}
