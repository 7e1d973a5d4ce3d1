// The gkc project the end-to-end tests apply: the four card policies of gkc's library, adopted as
// a user adopts them (re-exported, constraints of their own), with constraints at every action,
// each scoped to one namespace so the tests do not see each other's verdicts:
//   e2e-admission  deny for each card kind, warn for ConfigMaps without an owner
//   e2e-audit      dryrun: Pods without an owner label (violated), containers without limits (clean)
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { PACKAGE_ROOT } from "../../compiler/package.js";
import { tempProject, adoptLibraryPolicy } from "../support/temp-project.js";

export const ADMISSION = "e2e-admission";
export const AUDIT = "e2e-audit";

const adopt = adoptLibraryPolicy;

const pods = `kinds: [{ apiGroups: [""], kinds: ["Pod"] }]`;
const configMaps = `kinds: [{ apiGroups: [""], kinds: ["ConfigMap"] }]`;

export const POLICIES: Readonly<Record<string, string>> = {
  "policies/required-labels.ts": adopt(
    "required-labels",
    `  constraint<Parameters>({
    name: "pods-must-have-team",
    enforcementAction: "deny",
    match: { ${pods}, namespaces: ["${ADMISSION}"] },
    parameters: { labels: [{ key: "team" }] },
  }),
  constraint<Parameters>({
    name: "configmaps-should-have-owner",
    enforcementAction: "warn",
    match: { ${configMaps}, namespaces: ["${ADMISSION}"] },
    parameters: { labels: [{ key: "owner" }] },
  }),
  constraint<Parameters>({
    name: "pods-have-owner",
    enforcementAction: "dryrun",
    match: { ${pods}, namespaces: ["${AUDIT}"] },
    parameters: { labels: [{ key: "owner", allowedRegex: "^[a-z]+$" }] },
  }),
`,
  ),
  "policies/approved-registries.ts": adopt(
    "approved-registries",
    `  constraint<Parameters>({
    name: "images-from-corp-registry",
    enforcementAction: "deny",
    match: { ${pods}, namespaces: ["${ADMISSION}"] },
    parameters: { registries: ["registry.corp.example", "ghcr.io/acme"] },
  }),
`,
  ),
  "policies/container-limits.ts": adopt(
    "container-limits",
    `  constraint<Parameters>({
    name: "containers-must-have-limits",
    enforcementAction: "deny",
    match: { ${pods}, namespaces: ["${ADMISSION}"] },
    parameters: { cpu: "2", memory: "4Gi" },
  }),
  constraint<Parameters>({
    name: "audit-containers-have-limits",
    enforcementAction: "dryrun",
    match: { ${pods}, namespaces: ["${AUDIT}"] },
    parameters: { cpu: "1", memory: "1Gi" },
  }),
`,
  ),
  "policies/naming-convention.ts": adopt(
    "naming-convention",
    `  constraint<Parameters>({
    name: "configmap-names",
    enforcementAction: "deny",
    match: { ${configMaps}, namespaces: ["${ADMISSION}"] },
    parameters: { pattern: "^[a-z]+(-[a-z0-9]+)*$", maxLength: 30 },
  }),
`,
  ),
};

export interface GkcResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs gkc's built CLI (`npm run test:cluster` builds dist/ first) in `cwd`, as a user runs `npx gkc`. */
export function gkc(cwd: string, args: readonly string[], input?: string): GkcResult {
  // Built, not from source: `gkc audit` runs its audit in a worker thread loaded from dist/.
  const result = spawnSync(process.execPath, [join(PACKAGE_ROOT, "bin", "gkc.js"), ...args], {
    cwd,
    encoding: "utf8",
    input,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A fresh project with POLICIES (and `extra` files), built by `gkc build`. */
export function builtProject(extra: Readonly<Record<string, string>> = {}): string {
  const root = tempProject({ ...POLICIES, ...extra }, "gkc-cluster-project-");
  const build = gkc(root, ["build"]);
  if (build.status !== 0) throw new Error(`gkc build failed (${build.status}):\n${build.stdout}\n${build.stderr}`);
  return root;
}
