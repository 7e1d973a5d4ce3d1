// Kubernetes resource quantities ("500m", "1.5Gi", "1e3"). Exact Rego counterparts:
// gkc_parse_quantity, gkc_compare_quantities and gkc_compare_scaled_quantities
// (compiler/emit/rego/sdk-functions.ts), where a
// quantity is the array [whole, nanos]. Here it is an opaque object holding the exact value in
// nano units as a BigInt; both sides compute the same value without floating point.

declare const QUANTITY_BRAND: unique symbol;

/**
 * An exact resource quantity, as returned by {@link parseQuantity}. Opaque: pass it to
 * {@link compareQuantities} or test it against `undefined`; do not inspect it.
 */
export interface Quantity {
  readonly [QUANTITY_BRAND]: true;
}

class QuantityValue {
  constructor(readonly nanos: bigint) {
    Object.freeze(this);
  }
}

/** The whole grammar, anchored; plain ASCII, the same in JavaScript and RE2 (the Rego uses it too). */
export const QUANTITY_PATTERN = "^[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?[0-9]+)?$";
const QUANTITY_RE = new RegExp(QUANTITY_PATTERN);
const BINARY: Readonly<Record<string, number>> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };
const DECIMAL: Readonly<Record<string, bigint>> = {
  n: -9n,
  u: -6n,
  m: -3n,
  "": 0n,
  k: 3n,
  M: 6n,
  G: 9n,
  T: 12n,
  P: 15n,
  E: 18n,
};
/** Magnitudes must stay below 1e18 units, i.e. 1e27 nanos. */
const NANOS_LIMIT = 10n ** 27n;

/**
 * Magnitude in nanos of the digit string `digits` read with its decimal point `shift` places from
 * its start (shift may be negative or past the end); digits beyond the 9th fractional place round
 * the magnitude up. Undefined when it reaches 1e18 units.
 */
function decimalNanos(digits: string, shift: bigint): bigint | undefined {
  const significant = digits.replace(/^0+/, "");
  if (significant === "") return 0n;
  const exp = shift - BigInt(digits.length - significant.length);
  if (exp > 18n) return undefined;
  if (exp < -9n) return 1n;
  const scale = exp + 9n - BigInt(significant.length);
  const mantissa = BigInt(significant);
  let nanos: bigint;
  if (scale >= 0n) {
    nanos = mantissa * 10n ** scale;
  } else {
    const divisor = 10n ** -scale;
    nanos = mantissa / divisor + (mantissa % divisor === 0n ? 0n : 1n);
  }
  return nanos < NANOS_LIMIT ? nanos : undefined;
}

function parseQuantityString(value: string): bigint | undefined {
  if (!QUANTITY_RE.test(value)) return undefined;
  const negative = value.startsWith("-");
  const body = value.replace(/^[+-]/, "");
  const suffix = body.replace(/^[0-9.]+/, "");
  const number = body.slice(0, body.length - suffix.length);
  const [whole = "", fraction = ""] = number.split(".");
  const digits = whole + fraction;
  const point = BigInt(whole.length);
  let nanos: bigint | undefined;
  const binary = BINARY[suffix];
  if (binary !== undefined) {
    const mantissa = decimalNanos(digits, point);
    if (mantissa === undefined) return undefined;
    nanos = mantissa * 1024n ** BigInt(binary);
    if (nanos >= NANOS_LIMIT) return undefined;
  } else {
    const exponent = DECIMAL[suffix] ?? BigInt(suffix.slice(1));
    nanos = decimalNanos(digits, point + exponent);
  }
  if (nanos === undefined) return undefined;
  return negative ? -nanos : nanos;
}

/** A JSON number: whole = trunc(n), nanos = round((n - whole) * 1e9) (half away from zero), exactly on its decimal text. */
function parseQuantityNumber(value: number): bigint | undefined {
  if (!Number.isFinite(value)) return undefined;
  const magnitude = Math.abs(value);
  if (magnitude >= 1e18) return undefined;
  const match = /^([0-9]+)(?:\.([0-9]+))?(?:e([+-][0-9]+))?$/.exec(String(magnitude));
  if (match === null) return undefined;
  const fraction = match[2] ?? "";
  const mantissa = BigInt((match[1] ?? "") + fraction);
  const scale = BigInt(match[3] ?? "0") - BigInt(fraction.length) + 9n;
  let nanos: bigint;
  if (scale >= 0n) {
    nanos = mantissa * 10n ** scale;
  } else {
    const divisor = 10n ** -scale;
    nanos = mantissa / divisor + (2n * (mantissa % divisor) >= divisor ? 1n : 0n);
  }
  if (nanos >= NANOS_LIMIT) return undefined;
  return value < 0 ? -nanos : nanos;
}

/**
 * Parses a Kubernetes resource quantity exactly, like `resource.Quantity`:
 * an optional sign, a decimal number (`1`, `1.5`, `1.`, `.5`), then at most one suffix:
 * binary `Ki Mi Gi Ti Pi Ei` (powers of 1024), decimal SI `n u m k M G T P E`
 * (1e-9 … 1e18), or a decimal exponent `e3` / `E-3`. No spaces, no `K`, not empty.
 * A JSON number is a quantity too. Precision is one nano unit: finer digits in a string round
 * the magnitude up (`1e-12` is one nano); a number rounds to the nearest nano.
 * Undefined when the value is not a quantity or its magnitude is 1e18 or more.
 *
 * Example: `compareQuantities(parseQuantity("1.5Gi")!, parseQuantity("1610612736")!) === 0`.
 */
export function parseQuantity(value: unknown): Quantity | undefined {
  let nanos: bigint | undefined;
  if (typeof value === "string") nanos = parseQuantityString(value);
  else if (typeof value === "number") nanos = parseQuantityNumber(value);
  return nanos === undefined ? undefined : (new QuantityValue(nanos) as unknown as Quantity);
}

/**
 * @internal The exact value of a quantity in nano units; undefined for anything else. Not part of
 * the SDK surface (tests use it to compare with the Rego representation).
 */
export function quantityNanos(quantity: unknown): bigint | undefined {
  return quantity instanceof QuantityValue ? quantity.nanos : undefined;
}

/**
 * Compares two quantities from {@link parseQuantity} exactly: -1 when `a < b`, 0 when equal,
 * 1 when `a > b` (`"100m"` equals `"0.1"`, `"1Ki"` is less than `"1.1k"`).
 * Returns 0 when either argument is not a quantity (e.g. undefined), so test for undefined first.
 */
export function compareQuantities(a: Quantity, b: Quantity): -1 | 0 | 1 {
  const x: unknown = a;
  const y: unknown = b;
  if (!(x instanceof QuantityValue) || !(y instanceof QuantityValue)) return 0;
  return x.nanos < y.nanos ? -1 : x.nanos > y.nanos ? 1 : 0;
}

/**
 * Compares `a` with `factor × b` exactly: -1 when `a < factor × b`, 0 when equal, 1 when greater.
 * All three come from {@link parseQuantity}; the product is not rounded, so a limit is checked
 * against a ratio times its request without floating point:
 * `compareScaledQuantities(limit, parseQuantity("1.5")!, request) > 0` when the limit exceeds
 * 1.5 times the request. Returns 0 when any argument is not a quantity, so test for undefined first.
 */
export function compareScaledQuantities(a: Quantity, factor: Quantity, b: Quantity): -1 | 0 | 1 {
  const x: unknown = a;
  const f: unknown = factor;
  const y: unknown = b;
  if (!(x instanceof QuantityValue) || !(f instanceof QuantityValue) || !(y instanceof QuantityValue)) return 0;
  // a·1e9 and factor·b are both in units of 1e-18.
  const left = x.nanos * 1_000_000_000n;
  const right = f.nanos * y.nanos;
  return left < right ? -1 : left > right ? 1 : 0;
}
