// Rego counterparts of the SDK helpers (sdk/*.ts). Each is exact: test/sdk.test.ts checks every
// one against its TypeScript twin on the real OPA (compiled to WebAssembly).
//
// Value model: JavaScript `undefined` is the Rego empty set `set()`. Every function here is total
// (defined for every argument, never a runtime error) and uses only builtins that OPA's wasm
// implements natively. A quantity is the array [whole, nanos] (value = whole + nanos / 1e9, both
// carrying the sign), so Rego's lexicographic array order is the exact numeric order.
// Sources are exactly as `opa fmt` prints them.
import {
  IMAGE_DIGEST_PATTERN,
  IMAGE_DOMAIN_PATTERN,
  IMAGE_HOST_PATTERN,
  IMAGE_PATH_PATTERN,
  IMAGE_TAG_PATTERN,
} from "../../../sdk/image.js";
import { QUANTITY_PATTERN } from "../../../sdk/quantity.js";
import { UNSUPPORTED_REGEX_MARKERS, UNSUPPORTED_REGEX_PATTERN } from "../../../sdk/regex.js";

export interface RegoFunction {
  readonly name: string;
  readonly source: string;
  readonly deps: readonly string[];
}

/** A Rego raw string literal. */
function raw(text: string): string {
  if (text.includes("`")) throw new Error(`pattern contains a backtick: ${text}`);
  return `\`${text}\``;
}

/** Builds a RegoFunction from its source: the name is the first identifier, deps the other gkc_ calls. */
function fn(source: string): RegoFunction {
  const name = /^(gkc_[a-z0-9_]+)\(/.exec(source)?.[1];
  if (name === undefined) throw new Error(`not a gkc_ function: ${source.slice(0, 40)}`);
  const deps = [...new Set([...source.matchAll(/\b(gkc_[a-z0-9_]+)\(/g)].map((m) => m[1] ?? ""))].filter(
    (dep) => dep !== name,
  );
  return Object.freeze({ name, source, deps: Object.freeze(deps) });
}

// --- pod spec -------------------------------------------------------------------------------

const podSpec = fn(String.raw`gkc_pod_spec(obj) := spec if {
	obj.kind == "Pod"
	spec := obj.spec
	is_object(spec)
} else := spec if {
	{"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job"}[obj.kind]
	spec := obj.spec.template.spec
	is_object(spec)
} else := spec if {
	obj.kind == "CronJob"
	spec := obj.spec.jobTemplate.spec.template.spec
	is_object(spec)
} else := set()`);

const podSpecList = fn(String.raw`gkc_pod_spec_list(obj, key) := [c |
	spec := gkc_pod_spec(obj)
	is_object(spec)
	list := spec[key]
	is_array(list)
	some c in list
	is_object(c)
]`);

const allContainers = fn(String.raw`gkc_all_containers(obj) := array.concat(
	array.concat(gkc_pod_spec_list(obj, "containers"), gkc_pod_spec_list(obj, "initContainers")),
	gkc_pod_spec_list(obj, "ephemeralContainers"),
)`);

const containersAndInitContainers = fn(
  String.raw`gkc_containers_and_init_containers(obj) := array.concat(gkc_pod_spec_list(obj, "containers"), gkc_pod_spec_list(obj, "initContainers"))`,
);

// --- wildcard and regex ---------------------------------------------------------------------

const matchesWildcard = fn(String.raw`gkc_matches_wildcard(pattern, value) if {
	is_string(pattern)
	is_string(value)
	endswith(pattern, "*")
	startswith(value, trim_suffix(pattern, "*"))
} else if {
	is_string(pattern)
	is_string(value)
	not endswith(pattern, "*")
	startswith(pattern, "*")
	endswith(value, trim_prefix(pattern, "*"))
} else if {
	is_string(pattern)
	not endswith(pattern, "*")
	not startswith(pattern, "*")
	pattern == value
} else := false`);

// --- strings -------------------------------------------------------------------------------

// Go's strings.Trim, by code points as sdk/strings.ts trims.
const trimCharacters = fn(String.raw`gkc_trim_characters(s, cutset) := trim(s, cutset) if {
	is_string(s)
	is_string(cutset)
} else := set()`);

// Every pattern UNSUPPORTED_REGEX_PATTERN rejects contains one of UNSUPPORTED_REGEX_MARKERS, and
// a `contains` costs OPA a fraction of that pattern's unanchored search (about 130,000
// instructions per pattern), so the search runs only on a pattern holding a marker. The pattern
// is compiled by regex.match, which OPA caches per pattern (regex.is_valid compiles it on every
// call) and which is undefined for an invalid pattern as regex.is_valid is false.
const markersAbsent = (subject: string) => UNSUPPORTED_REGEX_MARKERS.map((marker) => `\tnot contains(${subject}, ${JSON.stringify(marker)})`).join("\n");

const regexMatches = fn(String.raw`gkc_regex_matches(pattern, value) if {
	is_string(value)
	is_string(pattern)
${markersAbsent("pattern")}
	regex.match(pattern, value)
} else if {
	is_string(value)
	regex.match(pattern, value)
	gkc_is_valid_regex(pattern)
} else := false`);

// gkc_regex_matches of a pattern the compiler found valid (a literal, checked at build time as
// the SDK checks it): the type test alone, without gkc_is_valid_regex's call and three builtins.
const regexMatchesValid = fn(String.raw`gkc_regex_matches_valid(pattern, value) if {
	is_string(value)
	regex.match(pattern, value)
} else := false`);

// Also rejects unescaped \C and (?< (UNSUPPORTED_REGEX_PATTERN), on which RE2 engines disagree.
const isValidRegex = fn(String.raw`gkc_is_valid_regex(pattern) if {
	is_string(pattern)
${markersAbsent("pattern")}
	regex.match(pattern, "") in {true, false}
} else if {
	is_string(pattern)
	regex.match(pattern, "") in {true, false}
	not regex.match(${raw(UNSUPPORTED_REGEX_PATTERN)}, pattern)
} else := false`);

// --- Rego's order on scalars (sdk/order.ts) ------------------------------------------------
// Rego's own operator, then the tests where sdk/order.ts differs from it: an object (or undefined,
// set()) is never less, two arrays are never less nor equal, and only scalars are equal. The
// emitter writes the same tests into a rule's body, leaving out those the operands' kinds make
// true (expressions.ts orderTest).

/** A test of an sdk/order.ts function's body, and which operand kinds it can be false for. */
export interface OrderTest {
  readonly text: (a: string, b: string) => string;
  /** `a` may be this kind (or, for "arrays", both operands may be arrays). */
  readonly against: "object" | "array" | "undefined" | "arrays";
}

const NOT_OBJECT: OrderTest = { text: (a) => `not is_object(${a})`, against: "object" };
const NOT_ARRAY: OrderTest = { text: (a) => `not is_array(${a})`, against: "array" };
const NOT_UNDEFINED: OrderTest = { text: (a) => `not is_set(${a})`, against: "undefined" };
const NOT_TWO_ARRAYS: OrderTest = { text: (a, b) => `[is_array(${a}), is_array(${b})] != [true, true]`, against: "arrays" };

/** An sdk/order.ts function in Rego: Rego's operator, and the tests that make the operator its meaning. */
export interface OrderForm {
  readonly operator: string;
  readonly tests: readonly OrderTest[];
}

/** The sdk/order.ts functions the compiler emits, by SDK name (regoGreater and regoGreaterOrEqual lower to these). */
export const ORDER_FORMS: ReadonlyMap<string, OrderForm> = new Map([
  ["regoLess", { operator: "<", tests: [NOT_OBJECT, NOT_TWO_ARRAYS] }],
  ["regoLessOrEqual", { operator: "<=", tests: [NOT_OBJECT, NOT_UNDEFINED, NOT_TWO_ARRAYS] }],
  ["scalarEquals", { operator: "==", tests: [NOT_ARRAY, NOT_OBJECT, NOT_UNDEFINED] }],
  ["regoEquals", { operator: "==", tests: [NOT_UNDEFINED] }],
]);

function orderFunction(name: string, form: OrderForm | undefined): RegoFunction {
  if (form === undefined) throw new Error(`internal: no order form for ${name}`);
  return fn(`${name}(a, b) if {\n\t${[`a ${form.operator} b`, ...form.tests.map((t) => t.text("a", "b"))].join("\n\t")}\n} else := false`);
}

const regoLess = orderFunction("gkc_rego_less", ORDER_FORMS.get("regoLess"));
const regoLessOrEqual = orderFunction("gkc_rego_less_or_equal", ORDER_FORMS.get("regoLessOrEqual"));
const scalarEquals = orderFunction("gkc_scalar_equals", ORDER_FORMS.get("scalarEquals"));
const regoEquals = orderFunction("gkc_rego_equals", ORDER_FORMS.get("regoEquals"));

// --- image references -----------------------------------------------------------------------

const parseImage = fn(String.raw`gkc_parse_image(ref) := image if {
	is_string(ref)
	regex.match(${raw(IMAGE_DIGEST_PATTERN)}, ref)
	at := split(ref, "@")
	segments := split(at[0], "/")
	last := segments[count(segments) - 1]
	regex.match(${raw(IMAGE_TAG_PATTERN)}, last)
	colon := split(last, ":")
	components := array.concat(array.slice(segments, 0, count(segments) - 1), [colon[0]])
	[registry, path] := gkc_image_domain(components)
	regex.match(${raw(IMAGE_HOST_PATTERN)}, registry)
	regex.match(${raw(IMAGE_PATH_PATTERN)}, path)
	repository := gkc_image_repository(registry, path)
	fields := {
		"registry": registry,
		"repository": repository,
		"name": concat("/", [registry, repository]),
		"tag": gkc_second(colon),
		"digest": gkc_second(at),
	}
	image := {k: v | some k, v in fields; is_string(v)}
} else := set()`);

const imageDomain = fn(String.raw`gkc_image_domain(components) := [components[0], concat("/", array.slice(components, 1, count(components)))] if {
	is_array(components)
	count(components) > 1
	is_string(components[0])
	regex.match(${raw(IMAGE_DOMAIN_PATTERN)}, components[0])
} else := ["docker.io", concat("/", components)] if {
	is_array(components)
	every c in components {
		is_string(c)
	}
} else := ["", ""]`);

const imageRepository = fn(String.raw`gkc_image_repository(registry, path) := concat("/", ["library", path]) if {
	registry == "docker.io"
	is_string(path)
	not contains(path, "/")
} else := path`);

const second = fn(String.raw`gkc_second(xs) := xs[1] if {
	is_array(xs)
	count(xs) == 2
} else := set()`);

// --- quantities -----------------------------------------------------------------------------

/** The scale of each suffix the short notations below take, as a Rego object. */
const SUFFIX_SCALES = `{"Ki": 1024, "Mi": 1048576, "Gi": 1073741824, "Ti": 1099511627776, "k": 1000, "M": 1000000, "G": 1000000000, "T": 1000000000000}`;

// The common notations first ("500m", "2", "1.5", "0.05", "512Mi", "1G", then "1.5Gi" and
// "128e6"): one regex and a product of small integers each, exact in every engine (below 2^63).
// A fraction with a suffix is its digits times the suffix's scale, m, over d = 10^(its fraction
// digits): the whole part (m - m % d) / d is an exact division, and the remainder's nanos a
// product. The general parser below gives the same [whole, nanos] for them (test/sdk.test.ts
// checks both ways). A fraction's nanos
// are its nine digits with the leading zeros trimmed, since to_number keeps a number's text
// ("050000000") as it is in Go; the nonzero digit the pattern requires leaves one.
const parseQuantity = fn(String.raw`gkc_parse_quantity(value) := gkc_quantity_number(value) if {
	is_number(value)
} else := [to_number(value), 0] if {
	is_string(value)
	regex.match(${"`"}^(?:0|[1-9][0-9]{0,14})$${"`"}, value)
} else := [floor(n / 1000), (n % 1000) * 1000000] if {
	is_string(value)
	regex.match(${"`"}^(?:0|[1-9][0-9]{0,11})m$${"`"}, value)
	n := to_number(trim_suffix(value, "m"))
} else := [to_number(trim_suffix(value, suffix)) * scale, 0] if {
	is_string(value)
	regex.match(${"`"}^(?:0|[1-9][0-9]{0,4})(?:[KMGT]i|[kMGT])$${"`"}, value)
	suffix := trim_left(value, "0123456789")
	scale := ${SUFFIX_SCALES}[suffix]
} else := [to_number(whole), to_number(trim_left(concat("", [fraction, substring("00000000", 0, 9 - count(fraction))]), "0"))] if {
	is_string(value)
	regex.match(${"`"}^(?:0|[1-9][0-9]{0,8})\.0{0,8}[1-9][0-9]{0,8}$${"`"}, value)
	[whole, fraction] := split(value, ".")
	count(fraction) <= 9
} else := [(m - r) / d, r * (1000000000 / d)] if {
	is_string(value)
	regex.match(${"`"}^(?:0|[1-9][0-9]{0,2})\.[0-9]{1,3}(?:[KMGT]i|[kMGT])$${"`"}, value)
	suffix := trim_left(value, "0123456789.")
	[whole, fraction] := split(trim_suffix(value, suffix), ".")
	d := {1: 10, 2: 100, 3: 1000}[count(fraction)]
	m := to_number(concat("", [whole, fraction])) * ${SUFFIX_SCALES}[suffix]
	r := m % d
} else := [to_number(mantissa) * {"0": 1, "1": 10, "2": 100, "3": 1000, "4": 10000, "5": 100000, "6": 1000000, "7": 10000000, "8": 100000000, "9": 1000000000}[exponent], 0] if {
	is_string(value)
	regex.match(${"`"}^(?:0|[1-9][0-9]{0,5})[eE][0-9]$${"`"}, value)
	[mantissa, exponent] := split(lower(value), "e")
} else := gkc_quantity_string(value)`);

const quantityNumber = fn(String.raw`gkc_quantity_number(value) := [w, f] if {
	is_number(value)
	value >= 0
	[w, f] := gkc_quantity_number_magnitude(value)
} else := [0 - w, 0 - f] if {
	is_number(value)
	value < 0
	[w, f] := gkc_quantity_number_magnitude(0 - value)
} else := set()`);

// A JSON number: whole = floor(a), nanos = round((a - whole) * 1e9) on the magnitude a.
const quantityNumberMagnitude = fn(String.raw`gkc_quantity_number_magnitude(a) := [w, f] if {
	is_number(a)
	a >= 0
	a < 1000000000000000000
	whole := floor(a)
	nanos := round((a - whole) * 1000000000)
	w := whole + floor(nanos / 1000000000)
	f := nanos % 1000000000
	w < 1000000000000000000
} else := set()`);

const quantityString = fn(String.raw`gkc_quantity_string(value) := [w, f] if {
	[w, f] := gkc_quantity_string_magnitude(value)
	not startswith(value, "-")
} else := [0 - w, 0 - f] if {
	[w, f] := gkc_quantity_string_magnitude(value)
	startswith(value, "-")
} else := set()`);

const quantityStringMagnitude = fn(String.raw`gkc_quantity_string_magnitude(value) := magnitude if {
	is_string(value)
	regex.match(${raw(QUANTITY_PATTERN)}, value)
	body := trim_prefix(trim_prefix(value, "+"), "-")
	suffix := trim_left(body, "0123456789.")
	parts := split(trim_suffix(body, suffix), ".")
	digits := concat("", parts)
	point := count(parts[0])
	magnitude := gkc_quantity_scaled(digits, point, suffix)
} else := set()`);

// digits: the mantissa's digits without its point; point: how many of them precede the point.
const quantityScaled = fn(String.raw`gkc_quantity_scaled(digits, point, suffix) := gkc_quantity_binary(gkc_quantity_decimal(digits, point), n) if {
	binary := {"Ki": 1, "Mi": 2, "Gi": 3, "Ti": 4, "Pi": 5, "Ei": 6}
	n := binary[suffix]
} else := gkc_quantity_decimal(digits, point + e) if {
	decimal := {"n": -9, "u": -6, "m": -3, "": 0, "k": 3, "M": 6, "G": 9, "T": 12, "P": 15, "E": 18}
	e := decimal[suffix]
} else := gkc_quantity_decimal(digits, point + gkc_quantity_exponent(substring(suffix, 1, count(suffix)))) if {
	is_string(suffix)
	is_number(point)
	regex.match("^[eE][+-]?[0-9]+$", suffix)
} else := set()`);

const quantityExponent = fn(String.raw`gkc_quantity_exponent(text) := 0 - gkc_quantity_exponent_magnitude(trim_prefix(text, "-")) if {
	startswith(text, "-")
} else := gkc_quantity_exponent_magnitude(trim_prefix(text, "+")) if {
	is_string(text)
} else := 0`);

// Exponents of more than 15 digits are clamped to 1e15: the outcome is the same for any mantissa
// shorter than 1e15 characters (overflow, or the smallest nonzero magnitude, or zero).
const quantityExponentMagnitude = fn(String.raw`gkc_quantity_exponent_magnitude(digits) := 1000000000000000 if {
	is_string(digits)
	count(trim_left(digits, "0")) > 15
} else := gkc_quantity_digits(digits)`);

const quantityDigits = fn(String.raw`gkc_quantity_digits(text) := to_number(digits) if {
	is_string(text)
	digits := trim_left(text, "0")
	digits != ""
	trim_left(digits, "0123456789") == ""
} else := 0`);

// The magnitude [whole, nanos] of the digit string with its decimal point `shift` places from
// the start (shift may be negative or beyond the end). Digits past the 9th fractional place round
// the magnitude up to the next nano. set() when the whole part reaches 1e18.
const quantityDecimal = fn(String.raw`gkc_quantity_decimal(digits, shift) := [0, 0] if {
	is_string(digits)
	trim_left(digits, "0") == ""
} else := [0, 1] if {
	is_string(digits)
	is_number(shift)
	shift - (count(digits) - count(trim_left(digits, "0"))) < -9
} else := [w, f] if {
	is_string(digits)
	is_number(shift)
	significant := trim_left(digits, "0")
	exp := shift - (count(digits) - count(significant))
	exp <= 18
	padded := concat("", ["0000000000", significant, "0000000000000000000000000000"])
	whole := gkc_quantity_digits(substring(padded, 0, exp + 10))
	rest := substring(padded, exp + 19, count(padded))
	nanos := gkc_quantity_digits(substring(padded, exp + 10, 9)) + count([1 | trim_left(rest, "0") != ""])
	w := whole + floor(nanos / 1000000000)
	f := nanos % 1000000000
	w < 1000000000000000000
} else := set()`);

const quantityBinary = fn(String.raw`gkc_quantity_binary(magnitude, n) := m6 if {
	m1 := gkc_quantity_times_1024(magnitude, n >= 1)
	m2 := gkc_quantity_times_1024(m1, n >= 2)
	m3 := gkc_quantity_times_1024(m2, n >= 3)
	m4 := gkc_quantity_times_1024(m3, n >= 4)
	m5 := gkc_quantity_times_1024(m4, n >= 5)
	m6 := gkc_quantity_times_1024(m5, n >= 6)
} else := set()`);

// One binary step, when apply; a whole part of 976562500000000 or more would reach 1e18.
const quantityTimes1024 = fn(String.raw`gkc_quantity_times_1024(magnitude, apply) := magnitude if {
	apply == false
} else := [(w * 1024) + floor((f * 1024) / 1000000000), (f * 1024) % 1000000000] if {
	apply == true
	[w, f] := magnitude
	is_number(w)
	is_number(f)
	w < 976562500000000
} else := set()`);

/** The sign of a comparison as one lookup of [a < b, a > b] (Rego), equal values included. */
const SIGN = "{[true, false]: -1, [false, false]: 0, [false, true]: 1}";

// Two quantities ([whole, nanos], both parts of one sign) compare as arrays do; the sign is one
// lookup of both comparisons. The shape is tested by destructuring (a unification, no builtin)
// and two is_number tests per side.
const compareQuantities = fn(String.raw`gkc_compare_quantities(a, b) := ${SIGN}[[a < b, a > b]] if {
	[a0, a1] := a
	[b0, b1] := b
	is_number(a0)
	is_number(a1)
	is_number(b0)
	is_number(b1)
} else := 0`);

const isQuantity = fn(String.raw`gkc_is_quantity(q) if {
	is_array(q)
	count(q) == 2
	is_number(q[0])
	is_number(q[1])
} else := false`);

// A factor without a fraction (a ratio such as 2 or 10) below 1e9 in magnitude whose product with
// b's whole part is below 1e18: factor * b is [f * w, f * nanos] with the carry moved, and compares
// with a as two quantities do. The product is tested after it is computed: below 1e18 it is exact
// in both engines (Go's 64-bit big.Float and the wasm runtime's decimals), and rounding cannot
// bring a product of 1e18 or more below it. The factor's bounds compare numbers only (a string is
// above any number, a boolean or null below), and a product of anything but numbers is undefined,
// so the shapes need no other test: one with b's nanos zero first (a single product; the
// quantities of whole units and binary suffixes). Otherwise a - factor * b in units of 1e-18, as
// base-1e9 limbs: every product of two limbs is below 1e18 and every sum below 2^63, exact as
// above. Carries are then propagated with % (exact integers): each remainder is below 1e9 in
// magnitude, so the most significant nonzero digit gives the sign. Each limb triple is [nanos,
// whole % 1e9, whole / 1e9] (truncated, so every limb carries the quantity's sign).
const compareScaledQuantities = fn(String.raw`gkc_compare_scaled_quantities(a, factor, b) := ${SIGN}[[a < c, a > c]] if {
	[f0, 0] = factor
	[b0, 0] = b
	f0 < 1000000000
	f0 > -1000000000
	q := f0 * b0
	q < 1000000000000000000
	q > -1000000000000000000
	c := [q, 0]
	[a0, a1] := a
	is_number(a0)
	is_number(a1)
} else := ${SIGN}[[a < c, a > c]] if {
	[f0, 0] = factor
	[b0, b1] := b
	f0 < 1000000000
	f0 > -1000000000
	q := f0 * b0
	q < 1000000000000000000
	q > -1000000000000000000
	p := f0 * b1
	n := p % 1000000000
	c := [q + ((p - n) / 1000000000), n]
	[a0, a1] := a
	is_number(a0)
	is_number(a1)
} else := gkc_quantity_digits_sign([c4, r4, r3, r2, r1, r0]) if {
	gkc_is_quantity(a)
	gkc_is_quantity(factor)
	gkc_is_quantity(b)
	a1 := a[0] % 1000000000
	f1 := factor[0] % 1000000000
	b1 := b[0] % 1000000000
	a0 := a[1]
	f0 := factor[1]
	b0 := b[1]
	a2 := (a[0] - a1) / 1000000000
	f2 := (factor[0] - f1) / 1000000000
	b2 := (b[0] - b1) / 1000000000
	d0 := 0 - (f0 * b0)
	d1 := a0 - ((f0 * b1) + (f1 * b0))
	d2 := a1 - (((f0 * b2) + (f1 * b1)) + (f2 * b0))
	d3 := a2 - ((f1 * b2) + (f2 * b1))
	d4 := 0 - (f2 * b2)
	r0 := d0 % 1000000000
	c0 := (d0 - r0) / 1000000000
	r1 := (d1 + c0) % 1000000000
	c1 := ((d1 + c0) - r1) / 1000000000
	r2 := (d2 + c1) % 1000000000
	c2 := ((d2 + c1) - r2) / 1000000000
	r3 := (d3 + c2) % 1000000000
	c3 := ((d3 + c2) - r3) / 1000000000
	r4 := (d4 + c3) % 1000000000
	c4 := ((d4 + c3) - r4) / 1000000000
} else := 0`);

const quantityDigitsSign = fn(String.raw`gkc_quantity_digits_sign(digits) := -1 if {
	digits < [0, 0, 0, 0, 0, 0]
} else := 1 if {
	digits > [0, 0, 0, 0, 0, 0]
} else := 0`);

// --- tables ---------------------------------------------------------------------------------

/** SDK export name (as in sdk/index.ts) -> the Rego function the compiler calls for it. */
export const SDK_REGO: Readonly<Record<string, RegoFunction>> = Object.freeze({
  podSpec,
  allContainers,
  containersAndInitContainers,
  parseQuantity,
  compareQuantities,
  compareScaledQuantities,
  parseImage,
  matchesWildcard,
  regexMatches,
  isValidRegex,
  trimCharacters,
  regoLess,
  regoLessOrEqual,
  scalarEquals,
  regoEquals,
});

/** Every Rego helper by its gkc_ name, including internal ones referenced via deps. */
export const SDK_REGO_HELPERS: Readonly<Record<string, RegoFunction>> = Object.freeze(
  Object.fromEntries(
    [
      podSpec,
      podSpecList,
      allContainers,
      containersAndInitContainers,
      matchesWildcard,
      regexMatches,
      regexMatchesValid,
      isValidRegex,
      trimCharacters,
      parseImage,
      imageDomain,
      imageRepository,
      second,
      parseQuantity,
      quantityNumber,
      quantityNumberMagnitude,
      quantityString,
      quantityStringMagnitude,
      quantityScaled,
      quantityExponent,
      quantityExponentMagnitude,
      quantityDigits,
      quantityDecimal,
      quantityBinary,
      quantityTimes1024,
      compareQuantities,
      isQuantity,
      compareScaledQuantities,
      quantityDigitsSign,
      regoLess,
      regoLessOrEqual,
      scalarEquals,
      regoEquals,
    ].map((f) => [f.name, f]),
  ),
);
