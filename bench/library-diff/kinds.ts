// The library kinds gkc ships: policies whose template kind is a kind of the gatekeeper-library's
// reference templates, with both templates and how their tuples run.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { discoverPolicies, loadPolicy } from "../../compiler/policies.js";
import { PACKAGE_ROOT } from "../../compiler/package.js";
import { loadArbitraries, type Arbitraries } from "../../verify/differential.js";
import { regoReadsData } from "../../test/support/engines.js";
import type { ReferenceTemplate } from "./reference.js";

export interface KindCase {
  readonly kind: string;
  readonly policyFile: string;
  readonly arbitraries: Arbitraries;
  readonly reference: ReferenceTemplate;
  readonly gkcTemplate: Record<string, unknown>;
  /** Each tuple runs alone, with its inventory. */
  readonly referential: boolean;
  /** The policy's arbitraries draw admission requests: its verdicts depend on them. */
  readonly requestDependent: boolean;
}

/** The library kinds among the project's policies; `unbuilt`: those with no out/templates file yet. */
export async function libraryKinds(references: ReadonlyMap<string, ReferenceTemplate>): Promise<{ cases: KindCase[]; unbuilt: string[] }> {
  const cases: KindCase[] = [];
  const unbuilt: string[] = [];
  for (const file of discoverPolicies(PACKAGE_ROOT)) {
    const policy = await loadPolicy(file);
    const reference = references.get(policy.meta.kind);
    if (!reference) continue;
    const templateFile = join(PACKAGE_ROOT, "out", "templates", `${policy.meta.kind.toLowerCase()}.yaml`);
    if (!existsSync(templateFile)) {
      unbuilt.push(policy.meta.kind);
      continue;
    }
    const arbitraries = await loadArbitraries(file);
    if (!arbitraries) throw new Error(`${file}: no arbitraries beside it`);
    const gkcTemplate = parse(readFileSync(templateFile, "utf8")) as Record<string, unknown>;
    cases.push({
      kind: policy.meta.kind,
      policyFile: file,
      arbitraries,
      reference,
      gkcTemplate,
      // Alone when either Rego reads data (test/support/engines.ts regoReadsData, as
      // test/gator-generated.test.ts decides): where neither does, what a run loads into
      // data.inventory changes no verdict, and batches are much faster.
      referential: (policy.meta.syncs?.length ?? 0) > 0 || regoReadsData(gkcTemplate) || regoReadsData(reference.template),
      requestDependent: arbitraries.requests !== undefined,
    });
  }
  return { cases, unbuilt };
}
