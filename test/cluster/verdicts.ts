// gkc's verdicts, as the cluster tests compare them with Gatekeeper's: `gkc audit --format json`
// on the objects, and the `[constraint] message` lines Gatekeeper's webhook would answer with.
import { stringify } from "yaml";
import { expect } from "vitest";
import { type ApiResponse, type KubeObject, statusMessage } from "./api.js";
import type { Cluster } from "./cluster.js";
import { gkc } from "./project.js";

export interface GkcViolation {
  constraint: { kind: string; name: string };
  action: string;
  /** `namespace` is null for a cluster-scoped object. */
  object: { apiVersion: string; kind: string; namespace?: string | null; name: string };
  message: string;
}

/** How the API server words a denial by Gatekeeper's webhook; one `[constraint] message` line per violation follows. */
export const DENIED_PREFIX = 'admission webhook "validation.gatekeeper.sh" denied the request: ';

/** `gkc audit --format json` run in `cwd` on `objects` (read from stdin); `args` go before the input, e.g. `--constraints`. */
export function gkcAudit(cwd: string, objects: readonly KubeObject[], args: readonly string[] = []): GkcViolation[] {
  const result = gkc(cwd, ["audit", "--format", "json", ...args, "-"], objects.map((o) => stringify(o)).join("---\n"));
  if (result.status !== 0 && result.status !== 1) throw new Error(`gkc audit exited ${result.status}: ${result.stderr}`);
  return (JSON.parse(result.stdout) as { violations: GkcViolation[] }).violations;
}

/** Gatekeeper's `[constraint] message` lines for an object, from gkc's report, at one action, sorted. */
export function lines(violations: readonly GkcViolation[], object: KubeObject, action: string): string[] {
  return violations
    .filter((v) => v.action === action && v.object.kind === object.kind && v.object.name === object.metadata.name && (v.object.namespace ?? undefined) === object.metadata.namespace)
    .map((v) => `[${v.constraint.name}] ${v.message}`)
    .sort();
}

/**
 * Creates `object` in dry-run through the API server and checks Gatekeeper's answer against gkc's
 * report `expected`: denied (403) with exactly its deny lines when it has any, admitted otherwise,
 * with exactly its warn lines as Warning headers either way.
 */
export async function expectAdmission(cluster: Cluster, object: KubeObject, expected: readonly GkcViolation[]): Promise<ApiResponse> {
  const denies = lines(expected, object, "deny");
  const response = await cluster.api.create(object, { dryRun: true });
  if (denies.length > 0) {
    expect(response.status, statusMessage(response)).toBe(403);
    const message = statusMessage(response) ?? "";
    expect(message.startsWith(DENIED_PREFIX), message).toBe(true);
    expect(message.slice(DENIED_PREFIX.length).split("\n").sort()).toEqual(denies);
  } else {
    expect(response.status, statusMessage(response)).toBe(201);
  }
  expect([...response.warnings].sort()).toEqual(lines(expected, object, "warn"));
  return response;
}
