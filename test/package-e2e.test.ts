// gkc as a user gets it: `npm pack`, installed into a fresh npm project (offline, from the npm
// cache that `npm ci` filled), `gkc init`, a policy of the user's own and a re-exported library
// policy, then build, build --check, verify, tsc, audit and promote there. The installed package
// must be byte-for-byte unchanged at the end: gkc never writes inside itself.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { PACKAGE_ROOT } from "../compiler/package.js";

const TIMEOUT = 300_000;
const scratch = mkdtempSync(join(tmpdir(), "gkc-package-e2e-"));
const project = join(scratch, "policy-repo");
const installed = join(project, "node_modules", "gkc");
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Run {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

function run(command: string, args: readonly string[], cwd: string = project): Promise<Run> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, env: { ...process.env, NO_COLOR: "1", npm_config_loglevel: "error" }, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ status: error ? (typeof error.code === "number" ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

/** The user's `npx gkc ...`, through the bin link npm made. */
function gkc(...args: string[]): Promise<Run> {
  return run(join(project, "node_modules", ".bin", "gkc"), args);
}

/** sha256 of every file under `dir`, by relative path. */
function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const visit = (path: string): void => {
    for (const entry of readdirSync(path).sort()) {
      const child = join(path, entry);
      if (statSync(child).isDirectory()) visit(child);
      else files.set(relative(dir, child), createHash("sha256").update(readFileSync(child)).digest("hex"));
    }
  };
  visit(dir);
  return files;
}

/**
 * A lockfile for the fresh project: gkc from the tarball, and its runtime dependencies exactly
 * as gkc's own lockfile pins them, so `npm ci --offline` installs from the npm cache alone.
 */
function consumerLockfile(tarball: string): unknown {
  const ours = JSON.parse(readFileSync(join(PACKAGE_ROOT, "package-lock.json"), "utf8")) as { packages: Record<string, Record<string, unknown>> };
  const manifest = JSON.parse(readFileSync(join(PACKAGE_ROOT, "package.json"), "utf8")) as Record<string, unknown>;
  const packages: Record<string, unknown> = {
    "": { name: "policy-repo", version: "1.0.0", devDependencies: { gkc: `file:${tarball}` } },
    "node_modules/gkc": {
      version: manifest["version"],
      resolved: `file:${tarball}`,
      integrity: `sha512-${createHash("sha512").update(readFileSync(join(project, tarball))).digest("base64")}`,
      dev: true,
      license: manifest["license"],
      dependencies: manifest["dependencies"],
      bin: manifest["bin"],
      engines: manifest["engines"],
    },
  };
  for (const [path, entry] of Object.entries(ours.packages)) {
    if (path === "" || entry["dev"] === true) continue;
    packages[path] = { ...entry, dev: true };
  }
  return { name: "policy-repo", version: "1.0.0", lockfileVersion: 3, requires: true, packages };
}

const SERVICES_HAVE_TEAM = `// Adopts gkc's K8sRequiredLabels with this repository's own constraint.
export { template, violations } from "gkc/library/required-labels";
export type { Parameters } from "gkc/library/required-labels";
import type { Parameters } from "gkc/library/required-labels";
import { constraint } from "gkc/sdk";

export const constraints = [
  constraint<Parameters>({
    name: "services-have-team",
    enforcementAction: "deny",
    match: { kinds: [{ apiGroups: [""], kinds: ["Service"] }] },
    parameters: { labels: [{ key: "team" }] },
  }),
];
`;

const SERVICES_HAVE_TEAM_FIXTURES = `- name: our own case beside the re-export
  parameters: { labels: [{ key: team }] }
  object: { apiVersion: v1, kind: Service, metadata: { name: api, labels: { app: api } } }
  violations: ['missing required label "team"']
`;

const NO_LATEST = `import { allContainers, constraint, defineTemplate, isObject, parseImage, type KubeObject } from "gkc/sdk";

export const template = defineTemplate({
  kind: "K8sNoLatestTag",
  title: "No latest tag",
  description: "Containers name an image tag other than latest, or a digest.",
  version: "1.0.0",
  podSpec: true,
});

export interface Parameters {
  /** Also refuse images without any tag or digest. */
  requireTag?: boolean;
}

export function* violations(object: KubeObject, parameters: Parameters): Generator<string> {
  for (const container of allContainers(object)) {
    const image: unknown = isObject(container) ? container["image"] : undefined;
    if (typeof image !== "string") continue;
    const ref = parseImage(image);
    if (ref === undefined) continue;
    if (ref.tag === "latest") yield \`image "\${image}" uses the latest tag\`;
    if (parameters.requireTag === true && ref.tag === undefined && ref.digest === undefined) yield \`image "\${image}" has no tag\`;
  }
}

export const constraints = [
  constraint<Parameters>({ name: "no-latest", enforcementAction: "dryrun", parameters: { requireTag: true } }),
];
`;

const NO_LATEST_FIXTURES = `- name: a pinned tag passes
  parameters: { requireTag: true }
  object: { apiVersion: v1, kind: Pod, metadata: { name: p }, spec: { containers: [{ name: c, image: "nginx:1.27" }] } }
  violations: []
- name: latest and untagged images are reported
  parameters: { requireTag: true }
  object: { apiVersion: v1, kind: Pod, metadata: { name: p }, spec: { containers: [{ name: a, image: "nginx:latest" }, { name: b, image: redis }] } }
  violations: ['image "nginx:latest" uses the latest tag', 'image "redis" has no tag']
`;

const MANIFESTS = `apiVersion: v1
kind: Service
metadata: { name: api, namespace: default, labels: { team: payments } }
spec: { ports: [{ port: 80 }] }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: default }
spec:
  replicas: 3
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: web, image: "nginx:latest" }] }
`;

const UNLABELLED_SERVICE = `apiVersion: v1
kind: Service
metadata: { name: orphan, namespace: default }
spec: { ports: [{ port: 80 }] }
`;

let before: Map<string, string>;

beforeAll(async () => {
  mkdirSync(project);
  // dist/ is built by `npm test` before vitest runs; packing must not rebuild it under tests running in parallel.
  const pack = await run("npm", ["pack", "--ignore-scripts", "--pack-destination", project, "--json"], PACKAGE_ROOT);
  expect(pack.status, pack.stderr).toBe(0);
  const tarball = (JSON.parse(pack.stdout) as { filename: string }[])[0]!.filename;
  writeFileSync(join(project, "package.json"), `${JSON.stringify({ name: "policy-repo", version: "1.0.0", type: "commonjs", devDependencies: { gkc: `file:${tarball}` } }, null, 2)}\n`);
  writeFileSync(join(project, "package-lock.json"), `${JSON.stringify(consumerLockfile(tarball), null, 2)}\n`);
  const install = await run("npm", ["ci", "--offline", "--no-audit", "--no-fund"]);
  expect(install.status, `npm ci --offline failed:\n${install.stderr}`).toBe(0);
  before = snapshot(installed);
}, TIMEOUT);

describe("gkc installed from its tarball into a fresh npm project", () => {
  test("the package holds what users need and no tests, benches or out/", () => {
    const files = [...before.keys()];
    expect(files).toContain("dist/cli/main.js");
    expect(files).toContain("dist/sdk/index.d.ts");
    expect(files).toContain("policies/required-labels.ts");
    expect(files).toContain("templates/init/gkc.config.json");
    expect(files).toContain("tools/go.mod");
    expect(files.filter((f) => /^(test|bench|out|compiler|cli)\//.test(f) || f.endsWith(".test.ts") || f.includes("tsbuildinfo"))).toEqual([]);
  });

  test("init scaffolds the project, never overwrites, and is a no-op the second time", async () => {
    writeFileSync(join(project, ".gitignore"), "dist/\n");
    const init = await gkc("init");
    expect(init.status, init.stderr).toBe(0);
    expect(init.stdout).toMatch(/created gkc\.config\.json/);
    expect(init.stdout).toMatch(/updated \.gitignore/);
    expect(init.stdout).toMatch(/npx gkc build/);
    expect(readFileSync(join(project, ".gitignore"), "utf8")).toBe("dist/\nnode_modules/\n.gkc-cache/\n.gkc-rollout.lock\n.gkc-rollout.journal\n");
    const manifest = JSON.parse(readFileSync(join(project, "package.json"), "utf8")) as { scripts: Record<string, string> };
    expect(manifest.scripts["gkc:verify"]).toBe("gkc verify");
    const again = await gkc("init");
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/already a gkc project/);

    writeFileSync(join(project, "policies", "services-have-team.ts"), SERVICES_HAVE_TEAM);
    writeFileSync(join(project, "policies", "services-have-team.fixtures.yaml"), SERVICES_HAVE_TEAM_FIXTURES);
    writeFileSync(join(project, "policies", "no-latest-tag.ts"), NO_LATEST);
    writeFileSync(join(project, "policies", "no-latest-tag.fixtures.yaml"), NO_LATEST_FIXTURES);
    writeFileSync(join(project, "manifests", "app.yaml"), MANIFESTS);
  }, TIMEOUT);

  test("build writes the bundle; build --check agrees; the bundle names no machine path", async () => {
    const build = await gkc("build");
    expect(build.status, build.stderr).toBe(0);
    expect(build.stdout).toMatch(/wrote 4 templates and 4 constraints to out\//);
    const templates = readdirSync(join(project, "out", "templates")).sort();
    expect(templates).toEqual(["k8sminreplicas.yaml", "k8snolatesttag.yaml", "k8spodsecuritystandard.yaml", "k8srequiredlabels.yaml"]);
    const suite = readFileSync(join(project, "out", "suite", "k8srequiredlabels.yaml"), "utf8");
    expect(suite).toMatch(/gkc\/library\/required-labels\.fixtures\.yaml and policies\/services-have-team\.fixtures\.yaml/);
    for (const file of readdirSync(join(project, "out"), { recursive: true }) as string[]) {
      const path = join(project, "out", file);
      if (statSync(path).isFile()) expect(readFileSync(path, "utf8"), file).not.toContain(scratch);
    }
    const check = await gkc("build", "--check");
    expect(check.status, check.stderr).toBe(0);
  }, TIMEOUT);

  test("the scaffolded project type-checks with tsc", async () => {
    const tsc = await run(process.execPath, [join(project, "node_modules", "typescript", "bin", "tsc"), "--noEmit", "-p", "."]);
    expect(tsc.status, tsc.stdout + tsc.stderr).toBe(0);
  }, TIMEOUT);

  test("verify proves every template, library fixtures and the user's own included", async () => {
    const verify = await gkc("verify", "--runs", "100");
    expect(verify.status, verify.stdout + verify.stderr).toBe(0);
    // K8sRequiredLabels: the library's 33 fixtures plus the one beside the re-export.
    const libraryFixtures = (readFileSync(join(installed, "policies", "required-labels.fixtures.yaml"), "utf8").match(/^- name:/gm) ?? []).length;
    expect(verify.stdout).toContain(`✓ K8sRequiredLabels: ${libraryFixtures + 1} fixtures and 100 generated inputs agree`);
    expect(verify.stdout).toMatch(/✓ K8sMinReplicas: 3 fixtures and 100 generated inputs agree/);
    expect(verify.stdout).toMatch(/4 of 4 templates agree/);
  }, TIMEOUT);

  test("audit fails only on deny, from a subdirectory too, with paths as the user gave them", async () => {
    const clean = await gkc("audit", "manifests/");
    expect(clean.status, clean.stdout + clean.stderr).toBe(0);
    expect(clean.stdout).toMatch(/K8sNoLatestTag\/no-latest\s+image "nginx:latest" uses the latest tag/);
    writeFileSync(join(project, "manifests", "orphan.yaml"), UNLABELLED_SERVICE);
    const denied = await run(join(project, "node_modules", ".bin", "gkc"), ["audit", "orphan.yaml"], join(project, "manifests"));
    expect(denied.status, denied.stdout + denied.stderr).toBe(1);
    expect(denied.stdout).toMatch(/^orphan\.yaml$/m);
    expect(denied.stdout).toMatch(/deny\s+K8sRequiredLabels\/services-have-team\s+missing required label "team"/);
    rmSync(join(project, "manifests", "orphan.yaml"));
  }, TIMEOUT);

  test("promote moves a constraint on clean evidence, edits the user's policy and rebuilds", async () => {
    const audit = await gkc("audit", "--format", "json", "manifests/");
    expect(audit.status).toBe(0);
    writeFileSync(join(project, "audit.json"), audit.stdout);
    const promote = await gkc("promote", "deployments-min-two-replicas", "--to", "warn", "--evidence", "audit.json", "--reason", "clean");
    expect(promote.status, promote.stderr).toBe(0);
    expect(readFileSync(join(project, "policies", "min-replicas.ts"), "utf8")).toMatch(/enforcementAction: "warn"/);
    expect(readFileSync(join(project, "out", "constraints", "k8sminreplicas-deployments-min-two-replicas.yaml"), "utf8")).toMatch(/enforcementAction: warn/);
    expect(readFileSync(join(project, "rollout-log.jsonl"), "utf8")).toMatch(/"to":"warn"/);
    const refused = await gkc("promote", "no-latest", "--to", "warn", "--evidence", "audit.json");
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/shows violations/);
    expect((await gkc("build", "--check")).status).toBe(0);
  }, TIMEOUT);

  test("nothing was written inside the installed package", () => {
    expect(snapshot(installed)).toEqual(before);
  });
});
