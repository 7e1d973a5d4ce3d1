// Text → text: a type test of a call of a lifted read of the inventory,
// `is_object(gkc_inventory_8(name))` where `gkc_inventory_8(key1) := value if { value :=
// data.inventory.cluster["storage.k8s.io/v1"].StorageClass[key1] } else := set()`, as the test
// of the reference itself, `is_object(data.inventory.cluster["storage.k8s.io/v1"].StorageClass[name])`.
// Where nothing is there the call gives set(), which no type test accepts, and the reference is
// undefined, which fails the test: the step fails either way, and OPA neither calls the function
// (about 27 allocations for a call that returns a value) nor reads the object through it.
// K8sStorageClass tests a claim's class so (`opa bench`, an allowed claim: 334 → 276
// allocations). Only a whole step (a body line, or a comprehension's step), never under `not`
// (type-test-references.ts says why), and only type tests that are false of set().
import { isAtomicTerm, listElements, replaceIdentifier } from "./terms.js";
import { TYPE_TESTS } from "./type-test-references.js";

/** A lifted read of the inventory: its parameters and the reference it reads. */
export interface InventoryRead {
  readonly params: readonly string[];
  readonly reference: string;
}

const READ = /^(gkc_inventory_\d+)\(([^()]*)\) := value if \{\n\tvalue := (data\.inventory[^\n]*)\n\} else := set\(\)$/;

/** The lifted reads of the inventory among `lifted` (expressions.ts lifts them), by name. */
export function inventoryReads(lifted: readonly string[]): Map<string, InventoryRead> {
  const reads = new Map<string, InventoryRead>();
  for (const definition of lifted) {
    const match = READ.exec(definition);
    if (match) reads.set(match[1]!, { params: match[2]!.split(", "), reference: match[3]! });
  }
  return reads;
}

// A type test after a body line's indentation, or after a comprehension's `|` or a step's `;`,
// and ending the line, the step or the comprehension.
const TYPE_TEST = new RegExp(`(^\\t+|\\| |; )(${TYPE_TESTS})\\((gkc_inventory_\\d+)\\(([^()]*)\\)\\)(?=$|;|\\])`, "gm");

/** The definition with each such test of a read in `reads` testing the reference. */
export function inventoryTypeTests(definition: string, reads: ReadonlyMap<string, InventoryRead>): string {
  if (reads.size === 0) return definition;
  return definition.replace(TYPE_TEST, (whole, before: string, test: string, name: string, list: string) => {
    const read = reads.get(name);
    const args = listElements(list);
    if (read === undefined || args === undefined || args.length !== read.params.length || !args.every(isAtomicTerm)) return whole;
    const reference = read.params.reduce((text, param, i) => replaceIdentifier(text, param, args[i]!), read.reference);
    return `${before}${test}(${reference})`;
  });
}
