// The Rego runtime every compiled policy links against: JavaScript value semantics over Rego
// terms. JavaScript `undefined` is the empty set `set()`, a value JSON input can never hold, so
// every function here is total: defined for any argument, never a runtime error.
import { JS_WHITESPACE } from "../../javascript.js";
import type { RegoFunction } from "./sdk-functions.js";

/** Rego's short escapes; the space stands for itself. */
const REGO_ESCAPES: Readonly<Record<string, string>> = { "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r", " ": " " };
/** JavaScript's whitespace (Rego's trim_space differs) as Rego string text. */
const JS_WHITESPACE_TEXT = [...JS_WHITESPACE].map((ch) => REGO_ESCAPES[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`).join("");

function fn(name: string, deps: readonly string[], source: string): RegoFunction {
  return { name, deps, source: source.trim() };
}

const definitions: RegoFunction[] = [
  // The reviewed object is a JSON object: Gatekeeper reviews only objects (on DELETE, the old
  // one) and gkc audit skips any other document. Anything else reads as {} (README, Semantics).
  fn("gkc_input_object", [], `
gkc_input_object := object if {
	object := input.review.object
	is_object(object)
} else := {}`),
  // Parameters are an object: the constraint CRD's schema says so (Kubernetes and gkc audit
  // check it). Absent, null or anything else reads as {} (README, Semantics).
  fn("gkc_input_parameters", [], `
gkc_input_parameters := params if {
	params := input.parameters
	is_object(params)
} else := {}`),
  // The admission request is an object (Gatekeeper's and gkc's review); anything else reads as {}.
  fn("gkc_input_review", [], `
gkc_input_review := review if {
	review := input.review
	is_object(review)
} else := {}`),
  fn("gkc_input_inventory", [], `
gkc_input_inventory := inventory if {
	inventory := data.inventory
	is_object(inventory)
} else := {}`),
  // An array's or a string's members are also named by strings, as in JavaScript: "0" is the
  // index 0 (a canonical index only: not "01" or "1.0") and "length" the length.
  fn("gkc_get", ["gkc_num_str", "gkc_len"], `
gkc_get(value, key) := object.get(value, key, set()) if {
	is_object(value)
	is_string(key)
} else := object.get(value, gkc_num_str(key), set()) if {
	is_object(value)
	is_number(key)
} else := value[key] if {
	is_array(value)
	is_number(key)
} else := substring(value, key, 1) if {
	is_string(value)
	is_number(key)
	key == floor(key)
	key >= 0
	key < count(value)
} else := element if {
	is_array(value)
	is_string(key)
	regex.match(\`^(?:0|[1-9][0-9]*)$\`, key)
	element := value[to_number(key)]
} else := substring(value, index, 1) if {
	is_string(value)
	is_string(key)
	regex.match(\`^(?:0|[1-9][0-9]*)$\`, key)
	index := to_number(key)
	index < count(value)
} else := gkc_len(value) if {
	key == "length"
	[is_array(value), is_string(value)] != [false, false]
} else := set()`),
  fn("gkc_truthy", [], `
gkc_truthy(value) := false if {
	value == false
} else := false if {
	value == 0
} else := false if {
	value == ""
} else := false if {
	value == null
} else := false if {
	value == set()
} else := true`),
  fn("gkc_not", ["gkc_truthy"], `
gkc_not(value) := false if {
	gkc_truthy(value)
} else := true`),
  fn("gkc_nullish", [], `
gkc_nullish(value) if {
	value == null
} else if {
	value == set()
} else := false`),
  fn("gkc_and", ["gkc_truthy"], `
gkc_and(left, right) := right if {
	gkc_truthy(left)
} else := left`),
  fn("gkc_or", ["gkc_truthy"], `
gkc_or(left, right) := left if {
	gkc_truthy(left)
} else := right`),
  fn("gkc_coalesce", ["gkc_nullish"], `
gkc_coalesce(left, right) := right if {
	gkc_nullish(left)
} else := left`),
  fn("gkc_if", ["gkc_truthy"], `
gkc_if(test, then, otherwise) := then if {
	gkc_truthy(test)
} else := otherwise`),
  // gkc_if for a test known to be true or false.
  fn("gkc_select", [], `
gkc_select(test, then, otherwise) := then if {
	test
} else := otherwise`),
  fn("gkc_strict_equal", [], `
gkc_strict_equal(left, right) := false if {
	is_array(left)
} else := false if {
	is_object(left)
} else := left == right`),
  ...([["lt", "<"], ["lte", "<="], ["gt", ">"], ["gte", ">="]] as const).map(([builtin, infix]) =>
    fn(`gkc_${builtin}`, [], `
gkc_${builtin}(left, right) := left ${infix} right if {
	is_number(left)
	is_number(right)
} else := left ${infix} right if {
	is_string(left)
	is_string(right)
} else := false`),
  ),
  ...([
    ["gkc_add", "left + right"],
    ["gkc_subtract", "left - right"],
    ["gkc_multiply", "left * right"],
  ] as const).map(([name, expression]) =>
    fn(name, [], `
${name}(left, right) := ${expression} if {
	is_number(left)
	is_number(right)
} else := set()`),
  ),
  fn("gkc_divide", [], `
gkc_divide(left, right) := left / right if {
	is_number(left)
	is_number(right)
	right != 0
} else := set()`),
  fn("gkc_remainder", [], `
gkc_remainder(left, right) := left % right if {
	is_number(left)
	is_number(right)
	left == floor(left)
	right == floor(right)
	right != 0
} else := set()`),
  fn("gkc_negate", [], `
gkc_negate(value) := 0 - value if {
	is_number(value)
} else := set()`),
  fn("gkc_concat", ["gkc_str"], `
gkc_concat(left, right) := concat("", [gkc_str(left), gkc_str(right)])`),
  fn("gkc_len", [], `
gkc_len(value) := count(value) + count(regex.find_all_string_submatch_n(\`[\\x{10000}-\\x{10FFFF}]\`, value, -1)) if {
	is_string(value)
} else := count(value) if {
	is_array(value)
} else := object.get(value, "length", set()) if {
	is_object(value)
} else := set()`),
  fn("gkc_typeof_object", [], `
gkc_typeof_object(value) if {
	is_object(value)
} else if {
	is_array(value)
} else if {
	is_null(value)
} else := false`),
  fn("gkc_is_undefined", [], `
gkc_is_undefined(value) if {
	value == set()
} else := false`),
  // The first branch (every integer a message prints in practice) tests with `%` and two
  // comparisons, not abs() and floor(): OPA's arithmetic builtins compute in big floats (about
  // 15,000 instructions each), a comparison and a small integer's `%` do not. `%` of a fraction is
  // an error, which fails this body (it is never negated) as the next branches expect; it goes
  // first, as a fraction's comparisons parse both operands as big rationals (about 25 allocations
  // each; an integer's cost none): VerifyDeprecatedAPI's version, 56 allocations a message. A fraction
  // from 1e-4 to 1e6 (an integer there took the first branch) is one sprintf: Go's %v writes the
  // shortest digits that read back as the same double, without an exponent from 1e-4 to below
  // 1e6, and the wasm SDK's sprintf-js JavaScript's String, the same digits; the nine-digit
  // arithmetic below cost VerifyDeprecatedAPI's message about 90 allocations per review.
  fn("gkc_num_str", ["gkc_int_str", "gkc_sign_prefix"], `
gkc_num_str(value) := format_int(value, 10) if {
	value % 1 == 0
	value < 2147483648
	value > -2147483648
} else := sprintf("%v", [value]) if {
	value < 1000000
	value >= 0.0001
} else := sprintf("%v", [value]) if {
	value <= -0.0001
	value > -1000000
} else := gkc_int_str(value) if {
	value == floor(value)
} else := concat("", [sign, gkc_int_str(whole), ".", digits]) if {
	sign := gkc_sign_prefix(value)
	whole := floor(abs(value))
	nanos := round((abs(value) - whole) * 1000000000)
	nanos > 0
	nanos < 1000000000
	digits := trim_right(substring(format_int(1000000000 + nanos, 10), 1, 9), "0")
} else := format_int(value, 10)`),
  // Strings in double quotes joined by commas, as JavaScript prints `xs.map((v) => `"${v}"`)`:
  // the JSON text without its brackets wherever it has no backslash, since every escape JSON
  // writes (Go's json.Marshal, HTML characters too; the wasm SDK's writer) starts with one and a
  // backslash in a string is itself escaped. One builtin where a comprehension built a string per
  // element.
  fn("gkc_quoted_join", [], `
gkc_quoted_join(values) := trim(text, "[]") if {
	text := json.marshal(values)
	not contains(text, "\\\\")
} else := concat(",", [concat("", ["\\"", value, "\\""]) | some value in values])`),
  // The same in brackets: JSON's text of the array itself.
  fn("gkc_quoted_array", [], `
gkc_quoted_array(values) := text if {
	text := json.marshal(values)
	not contains(text, "\\\\")
} else := concat("", ["[", concat(",", [concat("", ["\\"", value, "\\""]) | some value in values]), "]"])`),
  // OPA's wasm format_int handles only 32-bit integers: print larger ones in 9-digit halves.
  fn("gkc_int_str", ["gkc_sign_prefix", "gkc_nine_digits"], `
gkc_int_str(value) := format_int(value, 10) if {
	abs(value) < 2147483648
} else := concat("", [gkc_sign_prefix(value), format_int(high, 10), gkc_nine_digits(low)]) if {
	high := floor(abs(value) / 1000000000)
	high < 2147483648
	low := abs(value) - (high * 1000000000)
} else := concat("", [gkc_sign_prefix(value), format_int(top, 10), gkc_nine_digits(middle), gkc_nine_digits(low)]) if {
	top := floor(abs(value) / 1000000000000000000)
	top < 1000
	middle := floor((abs(value) - (top * 1000000000000000000)) / 1000000000)
	low := (abs(value) - (top * 1000000000000000000)) - (middle * 1000000000)
} else := "Infinity"`),
  fn("gkc_nine_digits", [], `
gkc_nine_digits(value) := substring(format_int(1000000000 + value, 10), 1, 9)`),
  fn("gkc_sign_prefix", [], `
gkc_sign_prefix(value) := "-" if {
	value < 0
} else := ""`),
  fn("gkc_str", ["gkc_num_str", "gkc_str_element"], `
gkc_str(value) := value if {
	is_string(value)
} else := gkc_num_str(value) if {
	is_number(value)
} else := "true" if {
	value == true
} else := "false" if {
	value == false
} else := "null" if {
	value == null
} else := "undefined" if {
	value == set()
} else := "[object Object]" if {
	is_object(value)
} else := concat(",", [gkc_str_element(item) | some item in value]) if {
	is_array(value)
} else := ""`),
  // Array.prototype.join: each element as String() prints an array's elements (null: "").
  fn("gkc_join", ["gkc_str_element"], `
gkc_join(value, separator) := concat(separator, [gkc_str_element(item) | some item in value]) if {
	is_array(value)
	is_string(separator)
} else := set()`),
  fn("gkc_str_element", ["gkc_str_scalar"], `
gkc_str_element(value) := concat(",", [gkc_str_scalar(item) | some item in value]) if {
	is_array(value)
} else := gkc_str_scalar(value)`),
  fn("gkc_str_scalar", ["gkc_num_str"], `
gkc_str_scalar(value) := value if {
	is_string(value)
} else := gkc_num_str(value) if {
	is_number(value)
} else := "true" if {
	value == true
} else := "false" if {
	value == false
} else := "[object Object]" if {
	is_object(value)
} else := ""`),
  fn("gkc_arr", [], `
gkc_arr(value) := value if {
	is_array(value)
} else := []`),
  fn("gkc_is_object", [], `
gkc_is_object(value) := is_object(value)`),
  fn("gkc_nonempty", [], `
gkc_nonempty(items) if {
	count(items) > 0
} else := false`),
  fn("gkc_empty", [], `
gkc_empty(items) if {
	count(items) == 0
} else := false`),
  fn("gkc_first", [], `
gkc_first(items) := items[0] if {
	count(items) > 0
} else := set()`),
  fn("gkc_includes", [], `
gkc_includes(items, value) if {
	is_array(items)
	not is_array(value)
	not is_object(value)
	some item in items
	item == value
} else := false`),
  fn("gkc_keys", [], `
gkc_keys(value) := [key | some key, _ in value] if {
	is_object(value)
} else := [format_int(index, 10) | some index, _ in value] if {
	is_array(value)
} else := [format_int(index, 10) | some index, _ in split(value, "")] if {
	is_string(value)
} else := []`),
  fn("gkc_values", [], `
gkc_values(value) := [item | some item in value] if {
	is_object(value)
} else := value if {
	is_array(value)
} else := split(value, "") if {
	is_string(value)
	value != ""
} else := []`),
  fn("gkc_entries", [], `
gkc_entries(value) := [[key, item] | some key, item in value] if {
	is_object(value)
} else := [[format_int(index, 10), item] | some index, item in value] if {
	is_array(value)
} else := [[format_int(index, 10), item] | some index, item in split(value, "")] if {
	is_string(value)
} else := []`),
  ...([
    ["gkc_starts_with", "startswith"],
    ["gkc_ends_with", "endswith"],
    ["gkc_str_includes", "contains"],
  ] as const).map(([name, builtin]) =>
    fn(name, [], `
${name}(value, search) := ${builtin}(value, search) if {
	is_string(value)
	is_string(search)
} else := false`),
  ),
  ...([
    ["gkc_lower", "lower(value)"],
    ["gkc_upper", "upper(value)"],
    ["gkc_trim", `trim(value, "${JS_WHITESPACE_TEXT}")`],
  ] as const).map(([name, expression]) =>
    fn(name, [], `
${name}(value) := ${expression} if {
	is_string(value)
} else := set()`),
  ),
  fn("gkc_split", [], `
gkc_split(value, separator) := split(value, separator) if {
	is_string(value)
	is_string(separator)
} else := set()`),
];

export const RUNTIME: Readonly<Record<string, RegoFunction>> = Object.fromEntries(
  definitions.map((d) => [d.name, d]),
);
