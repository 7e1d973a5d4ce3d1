// Text → text: a body line testing that a reference into the inventory's dictionaries reads
// nothing, with type tests of its keys, `[true | is_string(ns); is_string(name);
// data.inventory.namespace[ns]["v1"].Pod[name]] == []`, as the negation of the reference alone,
// `not data.inventory.namespace[ns]["v1"].Pod[name]`. K8sHorizontalPodAutoscaler's scale-target
// test is one: 24 allocations fewer an HPA review (opa bench, its suite 1,740 → 1,648).
//
// Why it means the same: the inventory, `namespace`, `cluster` and each level below them down to
// a kind's objects are dictionaries keyed by strings (Gatekeeper's sync builds them so, as the
// SDK's inventoryOf does for the TypeScript), so a key that is no string reads nothing there, as
// an undefined key does: the comprehension is then empty and the negation holds, either way.
// But OPA evaluates the references and calls nested in a negated expression before it (its
// compiler hoists them into locals), where an undefined one fails the body: so each key is a
// literal, a local an earlier line of the body sets (`ns := object.get(…, set())`), or a
// reference an earlier line needs defined (`_ = input.review.object.spec.scaleTargetRef.kind`). gkc verify found the
// difference: a namespace-less HPA's `not data.inventory.namespace[input.review.object.metadata.namespace]...`
// fails where the TypeScript reports the missing target (a local total read keeps it).
import { isStringLiteral, listElements, topLevel } from "./terms.js";

const TEST = /^\t\[true \| (.*)\] == \[\]$/;
const ROOT = /^data\.inventory\.(namespace|cluster)/;
/** The dictionaries below each root, read by one key each: namespace, group/version, kind, name. */
const DICTIONARY_LEVELS: Readonly<Record<string, number>> = { namespace: 4, cluster: 3 };
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The keys of a reference that reads only the inventory's dictionaries, as texts; undefined for any other term. */
function dictionaryKeys(reference: string): string[] | undefined {
  const root = ROOT.exec(reference);
  if (root === null) return undefined;
  const keys: string[] = [];
  let rest = reference.slice(root[0].length);
  while (rest !== "") {
    const member = /^\.([A-Za-z_][A-Za-z0-9_]*)/.exec(rest);
    if (member) {
      keys.push(JSON.stringify(member[1]));
      rest = rest.slice(member[0].length);
      continue;
    }
    if (!rest.startsWith("[")) return undefined;
    const close = [...topLevel(rest.slice(1))].find(([, c]) => ")]}".includes(c));
    if (close === undefined || close[1] !== "]") return undefined;
    keys.push(rest.slice(1, 1 + close[0]));
    rest = rest.slice(2 + close[0]);
  }
  return keys.length === 0 || keys.length > DICTIONARY_LEVELS[root[1]!]! ? undefined : keys;
}

/** The negated reference a test line stands for (above), or undefined; `before` are the body's earlier lines. */
function negatedReference(line: string, before: readonly string[]): string | undefined {
  const test = TEST.exec(line);
  const steps = test ? listElements(test[1]!, ";") : undefined;
  if (steps === undefined) return undefined;
  const reference = steps[steps.length - 1]!;
  const keys = dictionaryKeys(reference);
  const defined = (key: string) => isStringLiteral(key) || before.includes(`\t_ = ${key}`) || (NAME.test(key) && before.some((l) => l.startsWith(`\t${key} := `)));
  if (keys === undefined || !keys.every(defined)) return undefined;
  const typeTested = steps.slice(0, -1).every((step) => {
    const tested = /^is_string\((.*)\)$/.exec(step)?.[1];
    return tested !== undefined && keys.includes(tested);
  });
  return typeTested ? reference : undefined;
}

/** A definition (a rule or function) with each such test the negation of its reference. */
export function inventoryAbsence(definition: string): string {
  const lines = definition.split("\n");
  let body = 0;
  return lines.map((line, at) => {
    // The body this line is in starts after the last line that is not one of a body's.
    if (!line.startsWith("\t")) body = at + 1;
    const reference = negatedReference(line, lines.slice(body, at));
    return reference === undefined ? line : `\tnot ${reference}`;
  }).join("\n");
}
