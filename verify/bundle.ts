// Several templates in one wasm module, evaluated together: one call reviews several objects,
// each against every matching constraint of every template. An object is serialised and parsed
// into wasm once instead of once per template, the OPA runtime is compiled once instead of once per
// template, and the inventory is loaded once. `gkc audit` evaluates through this; each template's
// own RegoEngine (sharing the instance) is the fallback that attributes a runtime error.
import { admissionReview, type Request } from "./review.js";
import { EMPTY_INVENTORY, RegoEngine, reportedOutcome, templateModules, type LoadedModule, type Outcome, type TemplateRego } from "./engines.js";
import { cachedWasm, instantiateWasm } from "./wasm.js";
import type { Inventory } from "../sdk/inventory.js";

/** The package of the rule that evaluates every template; no template may use it. */
const BUNDLE_PACKAGE = "gkc_bundle";
const BUNDLE_ENTRYPOINT = `${BUNDLE_PACKAGE}/results`;

/**
 * `results[i][package]`: for the i-th item of `input.batch`, for each parameters set in its
 * `constraints[package]`, the violations of that template's `violation` on its `review`. Every
 * key is defined (an empty list when the object has no constraint of that template), so only a
 * runtime error can make the call fail. Several objects per call share the call's set-up and
 * OPA's per-evaluation caches (the wasm runtime compiles each regex once per call).
 */
function bundleModule(packages: readonly string[]): string {
  const entries = packages.map(
    (p) =>
      `\t\t${JSON.stringify(p)}: [violations |\n` +
      `\t\t\tsome parameters in item.constraints[${JSON.stringify(p)}]\n` +
      `\t\t\tviolations := [v | some v in data.${p}.violation] with input as {"review": item.review, "parameters": parameters}\n` +
      `\t\t],\n`,
  );
  return `package ${BUNDLE_PACKAGE}\n\nresults := [outcomes |\n\tsome item in input.batch\n\toutcomes := {\n${entries.join("")}\t}\n]\n`;
}

/** Whether a template's Rego may read `data.inventory`: if none does, the inventory is never loaded. */
function readsInventory(rego: string): boolean {
  return /\binventory\b|\bdata\s*\[/.test(rego);
}

/** The modules and entrypoints of a bundle of `templates`. */
function bundleSources(templates: readonly TemplateRego[]): { readonly modules: string[]; readonly entrypoints: string[] } {
  if (templates.some((t) => t.packageName === BUNDLE_PACKAGE || t.packageName.startsWith(`${BUNDLE_PACKAGE}.`))) {
    throw new Error(`the package ${BUNDLE_PACKAGE} is reserved by gkc`);
  }
  const { modules, entrypoints } = templateModules(templates);
  return { modules: [...modules, bundleModule(templates.map((t) => t.packageName))], entrypoints: [...entrypoints, BUNDLE_ENTRYPOINT] };
}

/** One object and, by template kind, the parameters of its constraints to evaluate. */
export interface BundleItem {
  readonly object: unknown;
  readonly parametersByKind: ReadonlyMap<string, readonly unknown[]>;
}

/** How many wasm calls evaluateBatch made, and how many of them failed with a runtime error and fell back. */
export interface BundleStats {
  readonly calls: number;
  readonly fallbacks: number;
}

export class RegoBundle {
  private readonly engines = new Map<string, RegoEngine>();
  private readonly packages = new Map<string, string>();
  private readonly inventoryNeeded: boolean;
  private stats = { calls: 0, fallbacks: 0 };

  private constructor(
    private readonly module: LoadedModule,
    /** The compiled wasm, for another thread to instantiate (fromWasm). */
    readonly wasm: Uint8Array,
    readonly templates: readonly TemplateRego[],
  ) {
    for (const template of templates) {
      // As Gatekeeper reports: a template it judges by its CEL gives the CEL's messages.
      this.engines.set(template.kind, RegoEngine.onModule(module, template, reportedOutcome(template)));
      this.packages.set(template.kind, template.packageName);
    }
    this.inventoryNeeded = templates.some((t) => readsInventory(t.rego));
  }

  /** Compiles the templates into one module (cached per user, like every wasm gkc builds). Throws RegoCompileError. */
  static async compile(templates: readonly TemplateRego[]): Promise<RegoBundle> {
    const { modules, entrypoints } = bundleSources(templates);
    const wasm = await cachedWasm(modules, entrypoints);
    return RegoBundle.fromWasm(wasm, templates);
  }

  /** The bundle of `templates` from wasm that compile() built (in this thread or another). */
  static async fromWasm(wasm: Uint8Array, templates: readonly TemplateRego[]): Promise<RegoBundle> {
    return new RegoBundle({ policy: await instantiateWasm(wasm), inventory: EMPTY_INVENTORY }, wasm, templates);
  }

  get bundleStats(): BundleStats {
    return { ...this.stats };
  }

  has(kind: string): boolean {
    return this.engines.has(kind);
  }

  /** Whether any template reads data.inventory (otherwise setInventory does nothing). */
  get needsInventory(): boolean {
    return this.inventoryNeeded;
  }

  /** Loads `data.inventory`: a value, or the UTF-8 JSON bytes of `{"inventory": ...}` (see inventoryJson). */
  setInventory(inventory: Inventory | ArrayBuffer): void {
    if (!this.inventoryNeeded) return;
    if (inventory instanceof ArrayBuffer) {
      this.module.policy.setData(inventory);
      this.module.inventory = undefined;
    } else if (inventory !== this.module.inventory) {
      this.module.policy.setData({ inventory });
      this.module.inventory = inventory;
    }
  }

  /**
   * Every template's outcomes on several objects, in one wasm call: for each object and each kind
   * given, one outcome per parameters set, in order (the outcomes of each template's
   * RegoEngine.evaluateMany), with the inventory loaded by setInventory. A runtime error in any
   * template makes the call fail: each object is then evaluated on its own, and there each
   * template on its own, so the error is reported for the constraint that raised it and every
   * other outcome stands.
   */
  evaluateBatch(items: readonly BundleItem[], request: Request = "CREATE"): Map<string, Outcome[]>[] {
    for (const { parametersByKind } of items) {
      for (const kind of parametersByKind.keys()) if (!this.engines.has(kind)) throw new Error(`no template for ${kind} in this bundle`);
    }
    this.stats.calls++;
    let results: unknown;
    try {
      const batch = items.map(({ object, parametersByKind }) => {
        const constraints: Record<string, readonly unknown[]> = {};
        for (const [kind, parameters] of parametersByKind) if (parameters.length) constraints[this.packages.get(kind)!] = parameters;
        return { review: admissionReview(object, request), constraints };
      });
      results = this.module.policy.evaluate({ batch }, BUNDLE_ENTRYPOINT);
    } catch {
      this.stats.fallbacks++;
      return items.map((item) => (items.length > 1 ? this.evaluateBatch([item], request)[0]! : this.perTemplate(item, request)));
    }
    return items.map(({ parametersByKind }, i) => {
      const item = Array.isArray(results) && results.length === items.length ? (results[i] as Record<string, unknown>) : undefined;
      const outcomes = new Map<string, Outcome[]>();
      for (const [kind, parameters] of parametersByKind) {
        const perKind = item?.[this.packages.get(kind)!];
        if (!parameters.length) outcomes.set(kind, []);
        else if (Array.isArray(perKind) && perKind.length === parameters.length) outcomes.set(kind, perKind.map(this.engines.get(kind)!.outcomeOf));
        else {
          // By construction (bundleModule) one element per parameters set: anything else is a gkc bug.
          const error = `bundle evaluation returned ${JSON.stringify(perKind) ?? "undefined"} for ${parameters.length} parameters sets of ${kind}`;
          outcomes.set(kind, parameters.map(() => ({ error })));
        }
      }
      return outcomes;
    });
  }

  /** One object, each template on its own (RegoEngine.evaluateMany: one constraint at a time on an error). */
  private perTemplate({ object, parametersByKind }: BundleItem, request: Request): Map<string, Outcome[]> {
    const outcomes = new Map<string, Outcome[]>();
    for (const [kind, parameters] of parametersByKind) outcomes.set(kind, this.engines.get(kind)!.evaluateMany(object, parameters, request, this.module.inventory));
    return outcomes;
  }
}

/** The JSON bytes setInventory reads: serialised once, loaded by each thread's instance. */
export function inventoryJson(inventory: Inventory): ArrayBuffer {
  const bytes = new TextEncoder().encode(JSON.stringify({ inventory }));
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}
