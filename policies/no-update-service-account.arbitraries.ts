// Generators for NoUpdateServiceAccount: pod controllers (and a few other kinds) whose
// serviceAccountName, at the path of their kind or of another kind, comes from a two-name pool
// or is missing, null, false or wrongly typed; UPDATE requests whose oldObject comes from the
// same generator (so changed and unchanged accounts are both common); users and groups from the
// pools the allow-lists draw from.
import fc from "fast-check";
import { admissionRequest, json, USER_GROUPS, USERNAMES } from "gkc/arbitraries";
import type { Parameters } from "./no-update-service-account.js";

const KINDS = ["Pod", "Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job", "ReplicationController", "CronJob", "Service"];
const account = fc.oneof(
  { arbitrary: fc.constantFrom<unknown>("sa-1", "sa-2"), weight: 10 },
  { arbitrary: fc.constantFrom<unknown>(undefined, null, false, true, "", 0, [], {}), weight: 2 },
);

/** The object of `kind` with the account at the pod spec of `pathKind`. */
function shaped(kind: string, pathKind: string, name: unknown): unknown {
  const podSpec = { serviceAccountName: name, containers: [{ name: "app", image: "nginx" }] };
  const spec =
    pathKind === "Pod"
      ? podSpec
      : pathKind === "CronJob"
        ? { schedule: "* * * * *", jobTemplate: { spec: { template: { spec: podSpec } } } }
        : { replicas: 1, template: { spec: podSpec } };
  return { apiVersion: "v1", kind, metadata: { name: "w", namespace: "kube-system" }, spec };
}

export const objects: fc.Arbitrary<unknown> = json(
  fc
    .tuple(fc.constantFrom(...KINDS), fc.oneof({ arbitrary: fc.constant(""), weight: 6 }, { arbitrary: fc.constantFrom(...KINDS), weight: 1 }), account)
    .map(([kind, other, name]) => shaped(kind, other === "" ? kind : other, name)),
);

export const requests = admissionRequest(objects);

export const parameters: fc.Arbitrary<Parameters> = json(
  fc.record(
    {
      allowedUsers: fc.array(fc.constantFrom(...USERNAMES), { maxLength: 2 }),
      allowedGroups: fc.array(fc.constantFrom(...USER_GROUPS), { maxLength: 2 }),
    },
    { requiredKeys: [] },
  ),
);
