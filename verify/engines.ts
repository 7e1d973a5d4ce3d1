// The engines a case runs on: the TypeScript predicate natively (the reference) and the Rego of
// a ConstraintTemplate through OPA's WebAssembly compiler. Both return a sorted set of messages.
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import type { Predicate } from "../compiler/policies.js";
import { admissionInput } from "./review.js";
import { compileRegoToWasm, type WasmPolicy } from "./wasm.js";
import type { Inventory } from "../sdk/inventory.js";

export const EMPTY_INVENTORY: Inventory = Object.freeze({ cluster: {}, namespace: {} });

export type Outcome = { readonly messages: readonly string[] } | { readonly error: string };

function sortedUnique(messages: Iterable<string>): string[] {
  return [...new Set(messages)].sort();
}

/** Runs the predicate; a thrown error or a non-string yield is an outcome, not a crash. */
export function runNative(predicate: Predicate, object: unknown, parameters: unknown, inventory: Inventory = EMPTY_INVENTORY): Outcome {
  try {
    const messages: string[] = [];
    for (const message of predicate(object, parameters ?? {}, inventory)) {
      if (typeof message !== "string") return { error: `yielded a ${message === null ? "null" : typeof message}, not a string` };
      messages.push(message);
    }
    return { messages: sortedUnique(messages) };
  } catch (error) {
    return { error: `threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}` };
  }
}

export interface TemplateRego {
  readonly kind: string;
  readonly packageName: string;
  readonly rego: string;
}

/** Reads the kind and the Rego a ConstraintTemplate file ships. */
export function readTemplateRego(path: string): TemplateRego {
  const document = parse(readFileSync(path, "utf8")) as {
    spec?: { crd?: { spec?: { names?: { kind?: string } } }; targets?: { rego?: string; code?: { engine?: string; source?: { rego?: string } }[] }[] };
  };
  const kind = document.spec?.crd?.spec?.names?.kind;
  const target = document.spec?.targets?.[0];
  const rego = target?.code?.find((c) => c.engine === "Rego")?.source?.rego ?? target?.rego;
  if (!kind || !rego) throw new Error(`${path}: not a ConstraintTemplate with Rego`);
  const packageName = /^package\s+([\w.]+)/m.exec(rego)?.[1];
  if (!packageName) throw new Error(`${path}: the Rego has no package`);
  return { kind, packageName, rego };
}

/** The package of the batch entrypoint compiled beside every template. */
const BATCH_PACKAGE = "gkc_batch";

/**
 * One call, many constraints: the template's `violation` for each parameters set of
 * `input.parameters`, against the same review. Lets an audit parse an object into wasm once per
 * template instead of once per constraint.
 */
function batchModule(templatePackage: string): string {
  return `package ${BATCH_PACKAGE}

results := [violations |
	some parameters in input.parameters
	violations := data.${templatePackage}.violation with input as {"review": input.review, "parameters": parameters}
]
`;
}

export class RegoEngine {
  private constructor(
    private readonly policy: WasmPolicy,
    private readonly entrypoint: string,
  ) {}

  static async fromTemplate(template: TemplateRego): Promise<RegoEngine> {
    const entrypoint = `${template.packageName.replace(/\./g, "/")}/violation`;
    const policy = await compileRegoToWasm([template.rego, batchModule(template.packageName)], entrypoint, `${BATCH_PACKAGE}/results`);
    return new RegoEngine(policy, entrypoint);
  }

  private inventory: Inventory = EMPTY_INVENTORY;

  private useInventory(inventory: Inventory): void {
    if (inventory !== this.inventory) {
      // setData copies the whole inventory into wasm memory: only when it changes.
      this.policy.setData({ inventory });
      this.inventory = inventory;
    }
  }

  evaluate(object: unknown, parameters: unknown, operation = "CREATE", inventory: Inventory = EMPTY_INVENTORY): Outcome {
    try {
      this.useInventory(inventory);
      return messagesOf(this.policy.evaluate(admissionInput(object, parameters, operation), this.entrypoint));
    } catch (error) {
      return { error: `wasm evaluation failed: ${error instanceof Error ? error.message : String(error)}` };
    }
  }

  /** `evaluate` for several parameters sets on one object, in one wasm call; same outcomes, in order. */
  evaluateMany(object: unknown, parametersList: readonly unknown[], operation = "CREATE", inventory: Inventory = EMPTY_INVENTORY): Outcome[] {
    if (parametersList.length <= 1) return parametersList.map((p) => this.evaluate(object, p, operation, inventory));
    try {
      this.useInventory(inventory);
      const input = admissionInput(object, parametersList, operation);
      const results = this.policy.evaluate(input, `${BATCH_PACKAGE}/results`);
      if (!Array.isArray(results) || results.length !== parametersList.length) throw new Error("batch result has the wrong shape");
      return results.map(messagesOf);
    } catch {
      // Attribute an evaluation error to the constraint that raises it.
      return parametersList.map((p) => this.evaluate(object, p, operation, inventory));
    }
  }
}

function messagesOf(result: unknown): Outcome {
  if (result === undefined) return { messages: [] };
  if (!Array.isArray(result)) return { error: `violation is not a set: ${JSON.stringify(result)}` };
  const messages: string[] = [];
  for (const item of result) {
    const msg = (item as { msg?: unknown }).msg;
    if (typeof msg !== "string") return { error: `violation without a string msg: ${JSON.stringify(item)}` };
    messages.push(msg);
  }
  return { messages: sortedUnique(messages) };
}

export function sameOutcome(a: Outcome, b: Outcome): boolean {
  if ("error" in a || "error" in b) return false;
  return a.messages.length === b.messages.length && a.messages.every((m, i) => m === b.messages[i]);
}
