// Deeply nested manifests for the audit tests: a Service in namespace `shop` whose document is
// nested exactly `depth` levels (the document's own mapping is level 1), as JSON, YAML flow, YAML
// block mappings (one more space per level) and compact YAML block sequences (`- - - x`).

export type NestingShape = "json" | "flow" | "block" | "seq";

/** `levels` nested collections in flow style (valid JSON), alternating mappings and sequences. */
function flowChain(levels: number): string {
  let open = "";
  let close = "";
  for (let i = 0; i < levels; i++) {
    open += i % 2 === 0 ? '{"a":' : "[";
    close = (i % 2 === 0 ? "}" : "]") + close;
  }
  return `${open}"leaf"${close}`;
}

export function nestedManifest(shape: NestingShape, depth: number, name: string): string {
  const levels = depth - 1; // below the document's mapping
  switch (shape) {
    case "json":
      return `{"apiVersion":"v1","kind":"Service","metadata":{"name":"${name}","namespace":"shop"},"spec":${flowChain(levels)}}\n`;
    case "flow":
      return `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}, namespace: shop}\nspec: ${flowChain(levels)}\n`;
    case "block": {
      const lines = ["apiVersion: v1", "kind: Service", "metadata: {name: " + name + ", namespace: shop}", "spec:"];
      for (let i = 1; i < levels; i++) lines.push(`${" ".repeat(i)}a:`);
      lines.push(`${" ".repeat(levels)}a: leaf`);
      return `${lines.join("\n")}\n`;
    }
    case "seq":
      return `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}, namespace: shop}\nspec:\n${"- ".repeat(levels)}leaf\n`;
  }
}

/** The depth of a JSON-like value, without recursion (the document's mapping is level 1). */
export function depthOf(value: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [current, depth] = stack.pop()!;
    if (typeof current !== "object" || current === null) continue;
    deepest = Math.max(deepest, depth + 1);
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
  return deepest;
}
