// A bound value tested only against constants, read once: `V in [...]` instead of a binding.
//
// `holds(x)`, `x !== undefined && x !== false` and the like read a bound value twice, so
// values.ts letIn binds it with a one-element list's `map`: a comprehension that Kubernetes'
// evaluator charges like a loop. When every read is an equality with a constant (or the
// undefined test, `type(v) == bytes`, which is `v == b""`: JSON has no bytes, so b"" is the only
// bytes value gkc's CEL ever holds), the body is one membership test of the value:
//   !(type(v) == bytes) && !(false == v)   →   !(dyn(V) in [dyn(b""), dyn(false)])
//   (type(v) == bytes) || ("x" == v)       →   dyn(V) in [dyn(b""), dyn("x")]
// CEL's `in` on a list compares with the same heterogeneous equality as `==` (1 and 1.0 are
// equal, values of unrelated types unequal, never an error), and V is evaluated once, first, as
// the binding evaluated it: the result is the same for every value, an error included.
// Only a list that holds b"" is written. cel-go turns `v in [...]` over a constant list of
// strings, numbers and bools into a Go map lookup, which fails with an internal error when v is
// bytes ("hash of unhashable type types.Bytes", interpreter/decorators.go
// maybeOptimizeSetMembership), and b"" is gkc's undefined; a list that holds bytes stays a list.
import { chainOperands, isWrapped, negationOperand } from "./scan.js";

/** A CEL literal a value may equal: a string, a number, a bool, null, or b"" (undefined). */
const CONSTANT = String.raw`(?:"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:e[+-]?\d+)?u?|true|false|null|b"")`;

/** `text` without the parentheses that wrap all of it. */
function unwrapped(text: string): string {
  let out = text;
  while (isWrapped(out)) out = out.slice(1, -1);
  return out;
}

function escaped(id: string): string {
  return id.replace(/[.$]/g, "\\$&");
}

/** The constant `atom` compares `id` with (b"" for the undefined test), or undefined when it is no such comparison. */
function comparedConstant(atom: string, id: string): string | undefined {
  const text = unwrapped(atom);
  const read = `(?:dyn\\(${escaped(id)}\\)|${escaped(id)})`;
  const constant = `(?:dyn\\((${CONSTANT})\\)|(${CONSTANT}))`;
  if (new RegExp(`^type\\(${read}\\) == bytes$`).test(text)) return 'b""';
  if (new RegExp(`^type\\(${read}\\) == null_type$`).test(text)) return "null";
  const left = new RegExp(`^${constant} == ${read}$`).exec(text);
  if (left) return left[1] ?? left[2];
  const right = new RegExp(`^${read} == ${constant}$`).exec(text);
  if (right) return right[1] ?? right[2];
  return undefined;
}

/** `dyn(value) in [...]`, or undefined where the list holds no b"" (see above). */
function membership(value: string, constants: readonly (string | undefined)[]): string | undefined {
  if (!constants.includes('b""') || constants.some((c) => c === undefined)) return undefined;
  return `dyn(${value}) in [${constants.map((c) => `dyn(${c})`).join(", ")}]`;
}

/**
 * `body` (where `id` stands for `value`) as one membership test that reads `value` once, when
 * `body` is a disjunction of comparisons of `id` with constants, or a conjunction of their
 * negations; undefined otherwise (the caller binds `value`).
 */
export function membershipTest(id: string, value: string, body: string): string | undefined {
  const anyOf = chainOperands(body, "||");
  const some = anyOf && membership(value, anyOf.map((atom) => comparedConstant(atom, id)));
  if (some) return `(${some})`;
  const allOf = chainOperands(body, "&&");
  const none = allOf && membership(value, allOf.map((term) => {
    const inner = negationOperand(term);
    return inner === undefined ? undefined : comparedConstant(inner, id);
  }));
  if (none) return `!(${none})`;
  return undefined;
}
