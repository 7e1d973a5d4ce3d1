// Generators for K8sPSPHostFilesystem: hostPath volumes whose paths and the allowed prefixes come
// from one pool of path shapes (extra, doubled and missing slashes, near-miss segments, "/", "",
// characters outside the BMP, the control characters the trimming helper relies on), mounted
// read-only or writable by containers, init and ephemeral containers.
import fc from "fast-check";
import { json, maybe, wrongTyped } from "gkc/arbitraries";
import { pod, requestsFor } from "./psp-allow-privilege-escalation.arbitraries.js";
import type { Parameters } from "./psp-host-filesystem.js";

const SEGMENTS = ["foo", "fool", "bar", "", "😀", "\u0001", ",", "\u0002"];
/** A path: 0-3 segments from the pool joined by one or two slashes, with 0-2 slashes at either end. */
const path = fc
  .tuple(fc.constantFrom("", "/", "//"), fc.array(fc.tuple(fc.constantFrom(...SEGMENTS), fc.constantFrom("/", "/", "//")), { maxLength: 3 }), fc.constantFrom("", "", "/", "//"))
  .map(([lead, segments, trail]) => `${lead}${segments.map(([segment, slash], i) => (i === 0 ? segment : `${slash}${segment}`)).join("")}${trail}`);
const VOLUME_NAMES = ["a", "b"];

const volume = fc.oneof(
  { arbitrary: fc.record({ name: maybe(fc.constantFrom(...VOLUME_NAMES), 10), hostPath: maybe(fc.record({ path: maybe(path, 12) }, { requiredKeys: [] }), 10) }, { requiredKeys: [] }), weight: 8 },
  { arbitrary: fc.record({ name: fc.constantFrom(...VOLUME_NAMES), emptyDir: fc.constant({}) }), weight: 1 },
  { arbitrary: wrongTyped(), weight: 1 },
);
const volumes = fc.oneof(
  { arbitrary: fc.array(volume, { maxLength: 3 }), weight: 8 },
  { arbitrary: fc.dictionary(fc.constantFrom("x", "y"), volume, { maxKeys: 2 }), weight: 1 },
  { arbitrary: wrongTyped(), weight: 1 },
);
const mount = fc.oneof(
  { arbitrary: fc.record({ name: maybe(fc.constantFrom(...VOLUME_NAMES), 10), readOnly: fc.constantFrom<unknown>(undefined, true, false, null, "true") }, { requiredKeys: [] }), weight: 8 },
  { arbitrary: wrongTyped(), weight: 1 },
);
const container = fc.record({ name: fc.constant("c"), image: fc.constant("nginx"), volumeMounts: maybe(fc.array(mount, { maxLength: 2 }), 8) }, { requiredKeys: [] });

export const objects: fc.Arbitrary<unknown> = pod(container, { volumes });

const entry = fc.record({ pathPrefix: path, readOnly: fc.boolean() }, { requiredKeys: [] });

export const parameters: fc.Arbitrary<Parameters> = json(fc.record({ allowedHostPaths: fc.array(entry, { maxLength: 3 }) }, { requiredKeys: [] }));

export const requests = requestsFor(objects);
