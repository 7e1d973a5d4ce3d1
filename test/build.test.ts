// Output is deterministic, written atomically, and `build --check` notices drift.
import { projectWithOut } from "./support/project.js";
import { adoptLibraryPolicy, tempProject } from "./support/temp-project.js";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { buildProject } from "../compiler/build.js";
import { compareTree, OUTPUT_MARKER, writeTreeAtomically } from "../compiler/output.js";
import { runBuild } from "../cli/build.js";
import { PACKAGE_ROOT } from "../compiler/package.js";

const scratch = mkdtempSync(join(tmpdir(), "gkc-build-test-"));
const roots: string[] = [scratch];
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

describe("gkc build", () => {
  test("two builds give byte-identical files", async () => {
    const first = await buildProject(PACKAGE_ROOT);
    const second = await buildProject(PACKAGE_ROOT);
    expect([...second.files.entries()]).toEqual([...first.files.entries()]);
    const outA = join(scratch, "a");
    const outB = join(scratch, "b");
    writeTreeAtomically(outA, first.files);
    writeTreeAtomically(outB, second.files);
    for (const [path] of first.files) {
      expect(readFileSync(join(outB, path))).toEqual(readFileSync(join(outA, path)));
    }
  }, 120_000);

  test("the committed out/ is what policies/ builds", async () => {
    const built = await buildProject(PACKAGE_ROOT);
    expect(compareTree(join(PACKAGE_ROOT, "out"), built.files)).toEqual({ changed: [], missing: [], extra: [] });
  }, 120_000);

  test("--check fails on a hand edit, a deleted file and an extra file, and passes after a rebuild", async () => {
    // A team project of two library policies: drift is found file by file, whatever the library's size.
    const root = tempProject({
      "policies/required-labels.ts": adoptLibraryPolicy("required-labels", `  constraint<Parameters>({ name: "owner", enforcementAction: "dryrun", match: { kinds: [{ apiGroups: [""], kinds: ["Namespace"] }] }, parameters: { labels: [{ key: "owner" }] } }),\n`),
      "policies/container-limits.ts": adoptLibraryPolicy("container-limits", `  constraint<Parameters>({ name: "limits", enforcementAction: "dryrun", parameters: { cpu: "2" } }),\n`),
    }, "gkc-build-check-");
    roots.push(root);
    const out = join(root, "out");
    const project = projectWithOut(out, root);
    expect(await runBuild({ check: false }, project)).toBe(0);
    expect(readdirSync(join(out, "templates"))).toHaveLength(2);
    expect(await runBuild({ check: true }, project)).toBe(0);
    const template = join(out, "templates", readdirSync(join(out, "templates"))[0]!);
    writeFileSync(template, readFileSync(template, "utf8").replace("violation contains", "violation  contains"));
    expect(await runBuild({ check: true }, project)).toBe(1);
    expect(await runBuild({ check: false }, project)).toBe(0);
    rmSync(join(out, "kustomization.yaml"));
    expect(await runBuild({ check: true }, project)).toBe(1);
    expect(await runBuild({ check: false }, project)).toBe(0);
    writeFileSync(join(out, "templates", "stray.yaml"), "kind: Stray\n");
    expect(await runBuild({ check: true }, project)).toBe(1);
    expect(await runBuild({ check: false }, project)).toBe(0);
    expect(existsSync(join(out, "templates", "stray.yaml"))).toBe(false);
  }, 120_000);

  test("atomic write leaves no staging or backup directories behind", async () => {
    const out = join(scratch, "atomic");
    writeTreeAtomically(out, new Map([["a.yaml", "a: 1\n"]]));
    writeTreeAtomically(out, new Map([["b.yaml", "b: 2\n"]]));
    expect(readdirSync(scratch).filter((d) => d.startsWith("atomic"))).toEqual(["atomic"]);
    expect(readdirSync(out).sort()).toEqual([OUTPUT_MARKER, "b.yaml"]);
  });
});
