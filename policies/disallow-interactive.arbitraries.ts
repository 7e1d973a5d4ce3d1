// Generators for K8sDisallowInteractiveTTY: Pods (and some controllers, whose templates the
// library does not read) with containers, init and ephemeral containers whose stdin and tty are
// true, false, missing or any other value (null, 0, "", "false"), whose name or image is
// sometimes missing, and whose images are near the exemptImages patterns.
import fc from "fast-check";
import { CONTAINER_NAMES, json, maybe, metadata, wrongTyped } from "gkc/arbitraries";
import type { Parameters } from "./disallow-interactive.js";

const IMAGES = ["nginx", "nginx:1.25", "busybox", "registry.example.com/debug/shell:1", "registry.example.com/debugger:1", "NGINX"];
const EXEMPTIONS = ["nginx", "busybox*", "registry.example.com/debug/*", "*nginx", "*", "nginx ", ""];

const interactive = fc.oneof(
  { arbitrary: fc.constantFrom(true, false, undefined), weight: 8 },
  { arbitrary: fc.constantFrom(null, 0, "", "false", "true", 1), weight: 1 },
  { arbitrary: wrongTyped(), weight: 1 },
);

const container = fc.record(
  {
    name: maybe(fc.constantFrom(...CONTAINER_NAMES), 12),
    image: maybe(fc.oneof({ arbitrary: fc.constantFrom(...IMAGES), weight: 6 }, { arbitrary: fc.string({ maxLength: 4 }), weight: 1 }), 12),
    stdin: interactive,
    tty: interactive,
  },
  { requiredKeys: [] },
);

const element = fc.oneof({ arbitrary: container, weight: 12 }, { arbitrary: wrongTyped(), weight: 1 });
const list = fc.oneof(
  { arbitrary: fc.array(element, { minLength: 1, maxLength: 3 }), weight: 12 },
  { arbitrary: fc.dictionary(fc.constantFrom("a", "b"), element, { maxKeys: 2 }), weight: 1 },
  { arbitrary: fc.constant(undefined), weight: 3 },
  { arbitrary: wrongTyped(), weight: 1 },
);

const podSpec = fc.record({ containers: list, initContainers: list, ephemeralContainers: list }, { requiredKeys: [] });

export const objects: fc.Arbitrary<unknown> = json(
  fc.oneof(
    { arbitrary: fc.record({ apiVersion: fc.constant("v1"), kind: fc.constant("Pod"), metadata: maybe(metadata(), 16), spec: maybe(podSpec, 16) }), weight: 8 },
    { arbitrary: fc.record({ apiVersion: fc.constant("apps/v1"), kind: fc.constant("Deployment"), metadata: metadata(), spec: fc.record({ template: fc.record({ spec: podSpec }) }) }), weight: 1 },
  ),
);

export const parameters: fc.Arbitrary<Parameters> = json(
  fc.record({ exemptImages: fc.array(fc.oneof({ arbitrary: fc.constantFrom(...EXEMPTIONS), weight: 4 }, { arbitrary: fc.string({ maxLength: 3 }), weight: 1 }), { maxLength: 3 }) }, { requiredKeys: [] }),
);
