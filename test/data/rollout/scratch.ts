// Throw-away gkc projects for the rollout tests: one policy file with two constraints (so two
// changes can race on one file), optionally a broken neighbour policy and a bundle.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { buildProject } from "../../../compiler/build.js";
import { writeTreeAtomically } from "../../../compiler/output.js";
import { PACKAGE_ROOT } from "../../../compiler/package.js";
import { defaultLayout, type ProjectLayout } from "../../../compiler/project.js";
import { tempProject } from "../../support/temp-project.js";

export const KIND = "K8sNamingConvention";
export const FIRST = "dns-label-names";
export const SECOND = "short-names";

const SECOND_CONSTRAINT = `  constraint<Parameters>({
    name: "${SECOND}",
    enforcementAction: "dryrun",
    match: { kinds: [{ apiGroups: [""], kinds: ["ConfigMap"] }] },
    parameters: { pattern: "^[a-z]", maxLength: 40 },
  }),
];
`;

export interface Scratch {
  readonly root: string;
  readonly layout: ProjectLayout;
  /** The policy file declaring FIRST and SECOND. */
  readonly policy: string;
  /** The other policy file (K8sRequiredLabels). */
  readonly neighbour: string;
  constraintFile(name: string): string;
}

export interface ScratchOptions {
  /** Without the second policy file (faster builds). */
  readonly alone?: boolean;
  /** Adds policies/bundles/baseline.ts naming both constraints of the policy. */
  readonly bundle?: boolean;
}

export async function makeScratchProject(options: ScratchOptions = {}): Promise<Scratch> {
  const naming = readFileSync(join(PACKAGE_ROOT, "policies", "naming-convention.ts"), "utf8");
  const files: Record<string, string> = { "policies/naming.ts": naming.replace(/\n\];\n$/, `\n${SECOND_CONSTRAINT}`) };
  if (!options.alone) files["policies/required-labels.ts"] = readFileSync(join(PACKAGE_ROOT, "policies", "required-labels.ts"), "utf8");
  if (options.bundle) {
    files["policies/bundles/baseline.ts"] = `import { defineBundle } from "gkc/sdk";\n\nexport default defineBundle({ name: "baseline", description: "naming", constraints: ["${KIND}/${FIRST}", "${KIND}/${SECOND}"] });\n`;
  }
  const root = tempProject(files, "gkc-rollout-");
  const layout = defaultLayout(root);
  const policy = join(root, "policies", "naming.ts");
  const neighbour = join(root, "policies", "required-labels.ts");
  writeTreeAtomically(layout.out, (await buildProject(layout, undefined, { fresh: true })).files);
  return { root, layout, policy, neighbour, constraintFile: (name) => join(layout.out, "constraints", `${KIND.toLowerCase()}-${name}.yaml`) };
}

/** A type error: loads at runtime, fails the compile. */
export function breakWithTypeError(file: string): void {
  writeFileSync(file, readFileSync(file, "utf8").replace("const custom = parameters.message", "const custom: number = parameters.message"));
}

/** A syntax error: the module does not even load. */
export function breakWithSyntaxError(file: string): void {
  writeFileSync(file, `${readFileSync(file, "utf8")}\nexport const = ;\n`);
}

/** The enforcementAction literal of `name` in the policy source. */
export function declaredAction(source: string, name: string): string | undefined {
  return new RegExp(`name: "${name}",\\s*enforcementAction: "([a-z]+)"`).exec(source)?.[1];
}

/** The enforcementAction in a generated constraint YAML. */
export function builtAction(yaml: string): string | undefined {
  return /enforcementAction: ([a-z]+)/.exec(yaml)?.[1];
}

export interface StatusEvidence {
  readonly name: string;
  readonly kind?: string;
  readonly totalViolations?: unknown;
  /** null: no auditTimestamp at all. Default: one hour ago. */
  readonly auditTimestamp?: string | null;
  readonly byPodErrors?: readonly { code: string; message: string }[];
}

/** `kubectl get <kind> <name> -o yaml` after Gatekeeper's audit; a List for several. */
export function gatekeeperStatus(items: readonly StatusEvidence[]): string {
  const documents = items.map((item) => ({
    apiVersion: "constraints.gatekeeper.sh/v1beta1",
    kind: item.kind ?? KIND,
    metadata: { name: item.name },
    status: {
      ...(item.auditTimestamp === null ? {} : { auditTimestamp: item.auditTimestamp ?? new Date(Date.now() - 3_600_000).toISOString().replace(/\.\d+Z$/, "Z") }),
      byPod: [{ id: "gatekeeper-audit-7d9f", enforced: true, observedGeneration: 1, operations: ["audit", "status"], ...(item.byPodErrors ? { errors: item.byPodErrors } : {}) }],
      ...(item.totalViolations === undefined ? { totalViolations: 0 } : { totalViolations: item.totalViolations }),
    },
  }));
  return stringify(documents.length === 1 ? documents[0] : { apiVersion: "v1", kind: "List", items: documents });
}

export interface Run {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Starts `gkc ...args` (bin/gkc.js, i.e. the built dist/) in `cwd`. */
export function startGkc(cwd: string, args: readonly string[]): { child: ChildProcess; done: Promise<Run> } {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" };
  delete env["FORCE_COLOR"];
  const child = spawn(process.execPath, [join(PACKAGE_ROOT, "bin", "gkc.js"), ...args], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<Run>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done };
}

export function runGkc(cwd: string, args: readonly string[]): Promise<Run> {
  return startGkc(cwd, args).done;
}
