// Text → text: a body line that tests a reference defined, `container.name != set()`, as the
// unification `_ = container.name`, where the reference reads JSON: the input, the inventory, or
// a local bound in the same body to a member of them. Both fail exactly where the reference is
// undefined; the comparison only adds that the value is not set(), which no JSON value is, and
// costs a builtin call (about 5 allocations in topdown, per element where it runs in a loop). A
// local bound to anything else (a helper's parameter, a value gkc built) may hold set() where
// the TypeScript has undefined, so its tests stay. Only a whole line of the body itself (one tab
// deep: a nested body may bind a name anew), never under `not`.

const NAME = "[A-Za-z_][A-Za-z0-9_]*";
const STRING = '"(?:[^"\\\\]|\\\\.)*"';
/** A reference by names, string keys, number keys or a local's value as the key. */
const REFERENCE = `${NAME}(?:\\.${NAME}|\\[(?:${STRING}|${NAME}|[0-9]+)\\])*`;

const PRESENCE_TEST = new RegExp(`^\\t(${REFERENCE}) != set\\(\\)$`);
/** `some x in r`, `some k, x in r`, or `x := r`: x holds a member of r (or r). */
const JSON_BINDING = new RegExp(`^\\t(?:some (?:${NAME}, )?(${NAME}) in (?:gkc_arr\\((${REFERENCE})\\)|(${REFERENCE}))|(${NAME}) := (${REFERENCE}))$`);

/** Roots whose every member is JSON: Gatekeeper's input, and its inventory (not data's other documents: the package's own rules). */
const JSON_ROOTS = ["input", "data.inventory"];

/** The local a reference starts from, or data.inventory. */
function rootOf(reference: string): string {
  return /^data\.inventory(?![A-Za-z0-9_])/.test(reference) ? "data.inventory" : new RegExp(`^${NAME}`).exec(reference)![0];
}

/** The definition with each presence test of a JSON reference rewritten, body by body. */
export function presenceTests(definition: string): string {
  let json = new Set(JSON_ROOTS);
  return definition
    .split("\n")
    .map((line) => {
      // A branch's head starts a body of its own: its locals are new.
      if (!line.startsWith("\t")) {
        json = new Set(JSON_ROOTS);
        return line;
      }
      const test = PRESENCE_TEST.exec(line);
      if (test && json.has(rootOf(test[1]!))) return `\t_ = ${test[1]}`;
      const binding = JSON_BINDING.exec(line);
      if (binding) {
        const [, element, wrapped, iterated, bound, value] = binding;
        const source = wrapped ?? iterated ?? value;
        const name = element ?? bound;
        if (name !== undefined && source !== undefined && json.has(rootOf(source))) json.add(name);
        else if (name !== undefined) json.delete(name);
      }
      return line;
    })
    .join("\n");
}
