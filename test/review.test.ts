// The admission request in the authoring model: a predicate's fourth parameter is Gatekeeper's
// `input.review` (operation, userInfo, oldObject, dryRun, ...). A policy reading every part of it
// is built and verified through the CLI: fixtures with UPDATEs, users and old objects, and
// generated requests (gkc/arbitraries' admissionRequest), TypeScript = OPA wasm on each.
import { execFile } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { PACKAGE_ROOT } from "../compiler/package.js";
import { toolPath } from "../verify/tools.js";
import { tempProject } from "./support/temp-project.js";

const POLICY = `import { constraint, defineTemplate, isObject, type AdmissionReview, type Inventory, type KubeObject } from "gkc/sdk";

export const template = defineTemplate({
  kind: "GkcReviewProbe",
  title: "Review probe",
  description: "Only allow-listed users may change a Pod's serviceAccountName on UPDATE.",
  version: "1.0.0",
});

export interface Parameters {
  allowedUsers?: string[];
  allowedGroups?: string[];
}

function accountOf(value: unknown): string {
  const spec: unknown = isObject(value) ? value["spec"] : undefined;
  const name: unknown = isObject(spec) ? spec["serviceAccountName"] : undefined;
  return typeof name === "string" ? name : "default";
}

export function* violations(object: KubeObject, parameters: Parameters, _inventory: Inventory, review: AdmissionReview): Generator<string> {
  if (review.operation !== "UPDATE") return;
  const user: unknown = review.userInfo?.username;
  const name = typeof user === "string" ? user : "";
  const users: unknown = parameters.allowedUsers;
  if (Array.isArray(users) && users.includes(name)) return;
  const groups: unknown = review.userInfo?.groups;
  const allowedGroups: unknown = parameters.allowedGroups;
  if (Array.isArray(groups) && Array.isArray(allowedGroups) && groups.some((g) => allowedGroups.includes(g))) return;
  const before = accountOf(review.oldObject);
  const after = accountOf(object);
  if (before !== after) {
    yield \`user "\${name}" may not change serviceAccountName from \${before} to \${after}\${review.dryRun === true ? " (dry run)" : ""}\`;
  }
}

export const constraints = [constraint<Parameters>({ name: "probe", enforcementAction: "dryrun", parameters: { allowedUsers: ["admin"] } })];
`;

const FIXTURES = `- name: a CREATE is never judged
  parameters: {}
  object: { apiVersion: v1, kind: Pod, metadata: { name: p }, spec: { serviceAccountName: a } }
  violations: []
- name: an UPDATE that changes the account
  operation: UPDATE
  userInfo: { username: mallory, groups: [developers] }
  parameters: { allowedUsers: [admin] }
  oldObject: { apiVersion: v1, kind: Pod, metadata: { name: p }, spec: { serviceAccountName: a } }
  object: { apiVersion: v1, kind: Pod, metadata: { name: p }, spec: { serviceAccountName: b } }
  violations: ['user "mallory" may not change serviceAccountName from a to b']
- name: the same change by an allowed user
  operation: UPDATE
  userInfo: { username: admin }
  parameters: { allowedUsers: [admin] }
  oldObject: { apiVersion: v1, kind: Pod, metadata: { name: p }, spec: { serviceAccountName: a } }
  object: { apiVersion: v1, kind: Pod, metadata: { name: p }, spec: { serviceAccountName: b } }
  violations: []
- name: the same change by an allowed group, as a dry run
  operation: UPDATE
  dryRun: true
  userInfo: { username: ci, groups: [system:masters] }
  parameters: { allowedGroups: [ops] }
  oldObject: { apiVersion: v1, kind: Pod, metadata: { name: p }, spec: { serviceAccountName: a } }
  object: { apiVersion: v1, kind: Pod, metadata: { name: p } }
  violations: ['user "ci" may not change serviceAccountName from a to default (dry run)']
- name: an UPDATE without an old object compares with the default account
  operation: UPDATE
  userInfo: { username: bob }
  parameters: {}
  object: { apiVersion: v1, kind: Pod, metadata: { name: p }, spec: { serviceAccountName: x } }
  violations: ['user "bob" may not change serviceAccountName from default to x']
`;

const ARBITRARIES = `import fc from "fast-check";
import { admissionRequest, fromPool, USERNAMES, USER_GROUPS, wrongTyped } from "gkc/arbitraries";
import type { Parameters } from "./review-probe.js";

const pod = fc.record(
  { apiVersion: fc.constant("v1"), kind: fc.constant("Pod"), spec: fc.oneof(fc.record({ serviceAccountName: fc.oneof(fc.constantFrom("a", "b", "default"), wrongTyped()) }, { requiredKeys: [] }), wrongTyped()) },
  { requiredKeys: ["kind"] },
);
export const objects: fc.Arbitrary<unknown> = pod;
export const requests = admissionRequest(pod);
export const parameters: fc.Arbitrary<Parameters> = fc.record(
  { allowedUsers: fc.array(fromPool(USERNAMES), { maxLength: 2 }), allowedGroups: fc.array(fromPool(USER_GROUPS), { maxLength: 2 }) },
  { requiredKeys: [] },
);
`;

function gkc(cwd: string, ...args: string[]): Promise<{ status: number; out: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(PACKAGE_ROOT, "bin", "gkc.js"), ...args], { cwd, env: { ...process.env, NO_COLOR: "1" } }, (error, stdout, stderr) => {
      resolve({ status: error ? (typeof error.code === "number" ? error.code : -1) : 0, out: stdout + stderr });
    });
  });
}

const root = tempProject({ "policies/review-probe.ts": POLICY, "policies/review-probe.fixtures.yaml": FIXTURES, "policies/review-probe.arbitraries.ts": ARBITRARIES }, "gkc-review-");
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("the admission request as a predicate's fourth parameter", () => {
  test("compiles to input.review and verifies on fixtures and 500 generated requests", async () => {
    const build = await gkc(root, "build");
    expect(build.status, build.out).toBe(0);
    const template = readFileSync(join(root, "out", "templates", "gkcreviewprobe.yaml"), "utf8");
    // The request's fields are read from input.review along their paths (a step through anything
    // but an object gives undefined, so a request that is not an object reads as {}).
    expect(template).toMatch(/object\.get\(input, \["review", "operation"\], set\(\)\)|input\.review\.operation/);
    expect(template).toMatch(/object\.get\(input, \["review", "userInfo", "username"\], set\(\)\)|input\.review\.userInfo\.username/);
    const verify = await gkc(root, "verify", "--runs", "500");
    expect(verify.status, verify.out).toBe(0);
    expect(verify.out).toContain("GkcReviewProbe: 5 fixtures and 500 generated inputs agree");
  }, 120_000);

  test("a fixture's expected violations are checked against the request it sets", async () => {
    writeFileSync(join(root, "policies", "review-probe.fixtures.yaml"), FIXTURES.replace("from a to b']", "from b to a']"));
    const verify = await gkc(root, "verify", "--runs", "0");
    expect(verify.status).toBe(1);
    expect(verify.out).toMatch(/an UPDATE that changes the account/);
    writeFileSync(join(root, "policies", "review-probe.fixtures.yaml"), FIXTURES);
  }, 120_000);

  test("the gator suite carries the requests as AdmissionReviews, and the real gator verify agrees", async () => {
    const suite = readFileSync(join(root, "out", "suite", "gkcreviewprobe.yaml"), "utf8");
    expect(suite).toMatch(/^# 5 of 5 fixtures are cases here/m);
    expect(readFileSync(join(root, "out", "suite", "gkcreviewprobe", "objects", "an-update-that-changes-the-account.yaml"), "utf8")).toMatch(/"kind": "AdmissionReview"/);
    const run = await new Promise<{ status: number; out: string }>((resolve) => {
      execFile(toolPath("gator"), ["verify", join(root, "out", "suite")], (error, stdout, stderr) => {
        resolve({ status: error ? (typeof error.code === "number" ? error.code : -1) : 0, out: stdout + stderr });
      });
    });
    expect(run.status, run.out).toBe(0);
    expect(run.out).toMatch(/ok/);
  }, 120_000);
});
