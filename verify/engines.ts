// The engines a case runs on: the TypeScript predicate natively (the reference) and the Rego of
// a ConstraintTemplate through OPA's WebAssembly compiler. Both return a sorted set of messages.
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import type { Predicate } from "../compiler/policies.js";
import { admissionInput, admissionReview, type Request } from "./review.js";
import { compileRegoToWasm, type WasmPolicy } from "./wasm.js";
import type { Inventory } from "../sdk/inventory.js";

export const EMPTY_INVENTORY: Inventory = Object.freeze({ cluster: {}, namespace: {} });

export type Outcome = { readonly messages: readonly string[] } | { readonly error: string };

function sortedUnique(messages: Iterable<string>): string[] {
  return [...new Set(messages)].sort();
}

/**
 * Runs the predicate on the same request the Rego sees (`input.review`); a thrown error or a
 * non-string yield is an outcome, not a crash.
 */
export function runNative(predicate: Predicate, object: unknown, parameters: unknown, inventory: Inventory = EMPTY_INVENTORY, request: Request = "CREATE"): Outcome {
  try {
    const messages: string[] = [];
    for (const message of predicate(object, parameters ?? {}, inventory, admissionReview(object, request))) {
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
  return templateRegoOf(parse(readFileSync(path, "utf8")), path);
}

/** The kind and the Rego of a parsed ConstraintTemplate (`path`, when given, prefixes its errors). */
export function templateRegoOf(document: unknown, path?: string): TemplateRego {
  const at = path === undefined ? "" : `${path}: `;
  const template = document as {
    metadata?: { name?: unknown };
    spec?: { crd?: { spec?: { names?: { kind?: string } } }; targets?: { rego?: string; code?: { engine?: string; source?: { rego?: string } }[] }[] };
  } | null;
  const kind = template?.spec?.crd?.spec?.names?.kind;
  const target = template?.spec?.targets?.[0];
  const rego = target?.code?.find((c) => c.engine === "Rego")?.source?.rego ?? target?.rego;
  if (typeof kind === "string" && kind && (typeof rego !== "string" || !rego) && target?.code?.some((c) => c.engine === "K8sNativeValidation")) {
    throw new Error(`${at}${kind} carries only CEL (K8sNativeValidation): gkc evaluates the Rego, so build it with --engine both (or rego)`);
  }
  if (typeof kind !== "string" || !kind || typeof rego !== "string" || !rego) throw new Error(`${at}not a ConstraintTemplate with Rego`);
  // Gatekeeper derives the constraint CRD from the kind and refuses a template named otherwise
  // (frameworks' validateTemplateMetadata, a case-insensitive comparison), so it never runs there.
  const name = template?.metadata?.name;
  if (typeof name !== "string" || name.toLowerCase() !== kind.toLowerCase()) {
    throw new Error(`${at}metadata.name ${JSON.stringify(name ?? null)} is not the lowercase of its kind ${kind}: Gatekeeper refuses the template unless it is named "${kind.toLowerCase()}"`);
  }
  const packageName = /^package\s+([\w.]+)/m.exec(rego)?.[1];
  if (!packageName) throw new Error(`${at}the Rego has no package`);
  return { kind, packageName, rego };
}

/** The package under which the batch entrypoint of each template is compiled. */
const BATCH_PACKAGE = "gkc_batch";

/**
 * One call, many constraints: the template's `violation` for each parameters set of
 * `input.parameters`, against the same review. Lets an audit parse an object into wasm once per
 * template instead of once per constraint.
 *
 * Each parameters set gives exactly one element of `results`, in order: the inner comprehension is
 * defined even where `violation` is not (an empty array), so the result always has one element per
 * parameters set and only a runtime error (which aborts the whole wasm call) can make the batch fail.
 */
function batchModule(templatePackage: string): string {
  return `package ${BATCH_PACKAGE}.${templatePackage}

results := [violations |
	some parameters in input.parameters
	violations := [v | some v in data.${templatePackage}.violation] with input as {"review": input.review, "parameters": parameters}
]
`;
}

/** A template's entrypoints: its `violation`, and the batch rule of batchModule. */
function entrypointsOf(template: TemplateRego): { readonly entrypoint: string; readonly batchEntrypoint: string } {
  const path = template.packageName.replace(/\./g, "/");
  return { entrypoint: `${path}/violation`, batchEntrypoint: `${BATCH_PACKAGE}/${path}/results` };
}

/** The Rego modules and entrypoints that compile `templates` into one wasm module. Their packages must differ. */
export function templateModules(templates: readonly TemplateRego[]): { readonly modules: string[]; readonly entrypoints: string[] } {
  const packages = templates.map((t) => t.packageName);
  const duplicate = packages.find((p, i) => packages.indexOf(p) !== i);
  if (duplicate !== undefined) throw new Error(`two templates in one wasm module share the package ${duplicate}`);
  return {
    modules: templates.flatMap((t) => [t.rego, batchModule(t.packageName)]),
    entrypoints: templates.flatMap((t) => {
      const { entrypoint, batchEntrypoint } = entrypointsOf(t);
      return [entrypoint, batchEntrypoint];
    }),
  };
}

/** How often `evaluateMany` took the one-wasm-call path, and how often it had to fall back. */
export interface BatchStats {
  /** Calls with two or more parameters sets, each one wasm call when nothing fails. */
  readonly batches: number;
  /**
   * Batches whose wasm call raised a runtime error (e.g. a conflict in hand-written Rego) and were
   * re-run one call per parameters set, so that the error is attributed to its constraint. gkc's
   * compiled Rego never raises one (README, Semantics 9): for it this stays 0.
   */
  readonly fallbacks: number;
  /** The error of the last fallback. */
  readonly lastFallbackError?: string;
}

/**
 * A wasm instance and the inventory currently loaded into it, shared by the engines compiled into
 * it. `inventory` is undefined when its owner loaded data that is not an Inventory value (JSON
 * bytes, see RegoBundle): the engines then use the data as it is.
 */
export interface LoadedModule {
  readonly policy: WasmPolicy;
  inventory: Inventory | undefined;
}

export class RegoEngine {
  private constructor(
    private readonly module: LoadedModule,
    private readonly entrypoint: string,
    private readonly batchEntrypoint: string,
  ) {}

  static async fromTemplate(template: TemplateRego): Promise<RegoEngine> {
    const [engine] = await RegoEngine.fromTemplates([template]);
    return engine!;
  }

  /**
   * Engines for several templates compiled by one `opa build` into one wasm module (one opa
   * process instead of one per template). Their packages must differ. The engines share the
   * module: use them one at a time (they are synchronous), as with one engine.
   */
  static async fromTemplates(templates: readonly TemplateRego[]): Promise<RegoEngine[]> {
    const { modules, entrypoints } = templateModules(templates);
    const module: LoadedModule = { policy: await compileRegoToWasm(modules, ...entrypoints), inventory: EMPTY_INVENTORY };
    return templates.map((t) => RegoEngine.onModule(module, t));
  }

  /** The engine of `template` in a wasm instance built from templateModules() (see RegoBundle). */
  static onModule(module: LoadedModule, template: TemplateRego): RegoEngine {
    const { entrypoint, batchEntrypoint } = entrypointsOf(template);
    return new RegoEngine(module, entrypoint, batchEntrypoint);
  }

  private stats: { batches: number; fallbacks: number; lastFallbackError?: string } = { batches: 0, fallbacks: 0 };

  /** See BatchStats: a test asserts `fallbacks` is 0, so the batch path cannot hide behind the fallback. */
  get batchStats(): BatchStats {
    return { ...this.stats };
  }

  private useInventory(inventory: Inventory | undefined): void {
    if (inventory !== undefined && inventory !== this.module.inventory) {
      // setData copies the whole inventory into wasm memory: only when it changes.
      this.module.policy.setData({ inventory });
      this.module.inventory = inventory;
    }
  }

  /** `inventory` undefined: whatever data the module holds (see LoadedModule). */
  evaluate(object: unknown, parameters: unknown, request: Request = "CREATE", inventory: Inventory | undefined = EMPTY_INVENTORY): Outcome {
    try {
      this.useInventory(inventory);
      return messagesOf(this.module.policy.evaluate(admissionInput(object, parameters, request), this.entrypoint));
    } catch (error) {
      return { error: `wasm evaluation failed: ${error instanceof Error ? error.message : String(error)}` };
    }
  }

  /**
   * `evaluate` for several parameters sets on one object, in one wasm call; same outcomes, in order.
   * Only a runtime error in the Rego (the wasm call throws) re-runs the parameters sets one by one,
   * to attribute the error to its constraint; that is counted in `batchStats.fallbacks`.
   */
  evaluateMany(object: unknown, parametersList: readonly unknown[], request: Request = "CREATE", inventory: Inventory | undefined = EMPTY_INVENTORY): Outcome[] {
    if (parametersList.length <= 1) return parametersList.map((p) => this.evaluate(object, p, request, inventory));
    this.stats.batches++;
    let results: unknown;
    try {
      this.useInventory(inventory);
      results = this.module.policy.evaluate(admissionInput(object, parametersList, request), this.batchEntrypoint);
    } catch (error) {
      this.stats.fallbacks++;
      this.stats.lastFallbackError = error instanceof Error ? error.message : String(error);
      return parametersList.map((p) => this.evaluate(object, p, request, inventory));
    }
    // Not a fallback: by construction (batchModule) the result has one element per parameters set,
    // so any other shape is a bug in gkc, reported as such for every constraint.
    if (!Array.isArray(results) || results.length !== parametersList.length) {
      const error = `batch evaluation returned ${Array.isArray(results) ? `${results.length} results` : JSON.stringify(results) ?? "undefined"} for ${parametersList.length} parameters sets`;
      return parametersList.map(() => ({ error }));
    }
    return results.map(messagesOf);
  }
}

export function messagesOf(result: unknown): Outcome {
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
