// Violation rules that differ only in which sibling list of the input they iterate (a pod's
// containers, initContainers and ephemeralContainers) as one rule that iterates the lists' keys.
import { readsIdentifier } from "./terms.js";

/** `some x in input.….key`: one local iterating a dotted input reference, its last key apart. */
const SIBLING_ITERATION = /^\tsome ([A-Za-z_][A-Za-z0-9_]*) in (input(?:\.[A-Za-z_][A-Za-z0-9_]*)*)\.([A-Za-z_][A-Za-z0-9_]*)$/;

/** Where a rule iterates a sibling list: its line, the element's local, the parent reference and the key. */
interface SiblingIteration {
  readonly line: number;
  readonly element: string;
  readonly parent: string;
  readonly key: string;
}

function siblingIteration(lines: readonly string[]): SiblingIteration | undefined {
  for (const [line, text] of lines.entries()) {
    const match = SIBLING_ITERATION.exec(text);
    if (match) return { line, element: match[1]!, parent: match[2]!, key: match[3]! };
  }
  return undefined;
}

/** The rule's lines with its iteration's key left out: two rules that give the same shape differ only in that key. */
function shapeOf(lines: readonly string[], at: SiblingIteration): string {
  return lines.map((text, line) => (line === at.line ? `\tsome ${at.element} in ${at.parent}.\0` : text)).join("\n");
}

/**
 * The rules with each group that differs only in the sibling list it iterates written as one
 * rule, in the place of the group's first, that iterates the lists' keys and then the list:
 * `some k in ["containers", "initContainers"]` then `some container in input.review.object.spec[k]`.
 * A violation set is the union of its rules' results, and the element is all that tells one of
 * these rules from another, so the one rule yields exactly what they did. Gatekeeper pays for
 * every rule a review evaluates; K8sPSPSeccomp's four yields over three lists were twelve rules.
 */
export function mergeSiblingListRules(rules: readonly string[]): string[] {
  const groups = new Map<string, { at: SiblingIteration; keys: string[]; first: number }>();
  const lines = rules.map((rule) => rule.split("\n"));
  const shapes = lines.map((ruleLines, index) => {
    const at = siblingIteration(ruleLines);
    if (at === undefined) return undefined;
    const shape = shapeOf(ruleLines, at);
    const group = groups.get(shape);
    if (group === undefined) groups.set(shape, { at, keys: [at.key], first: index });
    else if (!group.keys.includes(at.key)) group.keys.push(at.key);
    return shape;
  });
  return rules.flatMap((rule, index) => {
    const shape = shapes[index];
    const group = shape === undefined ? undefined : groups.get(shape);
    if (group === undefined || group.keys.length < 2) return [rule];
    if (group.first !== index) return [];
    const local = unusedLocal(rule, "list_key");
    const keys = group.keys.map((key) => JSON.stringify(key)).join(", ");
    const merged = [...lines[index]!];
    merged.splice(group.at.line, 1, `\tsome ${local} in [${keys}]`, `\tsome ${group.at.element} in ${group.at.parent}[${local}]`);
    return [merged.join("\n")];
  });
}

/** `base`, or `base_2`, `base_3`…: the first that the rule does not already name. */
function unusedLocal(rule: string, base: string): string {
  for (let n = 1; ; n++) {
    const name = n === 1 ? base : `${base}_${n}`;
    if (!readsIdentifier(rule, name)) return name;
  }
}
