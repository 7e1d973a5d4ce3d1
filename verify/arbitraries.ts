// Shared fast-check arbitraries for policy verification. They are biased towards the region
// where predicates go wrong: values that almost match (near-miss registries, label keys,
// quantities at the boundary), and fields that are missing, null or of the wrong type anywhere
// in the object. Every object arbitrary yields plain JSON (see `json`), because that is what
// admission review hands both engines.
import fc from "fast-check";

// ---------------------------------------------------------------------------------------------
// Basics

/** Normalises a generated value to plain JSON: drops `undefined` keys (= missing fields), turns
 * `undefined` array elements into null and removes null prototypes. */
export function json<T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T> {
  return arb.map((value) => {
    const text = JSON.stringify(value);
    return (text === undefined ? null : JSON.parse(text)) as T;
  });
}

const WRONG_TYPED: fc.Arbitrary<unknown> = fc.oneof(
  {
    arbitrary: fc.constantFrom<unknown>(
      null,
      0,
      1,
      -1,
      0.5,
      1e21,
      true,
      false,
      "",
      "x",
      "0",
      [],
      {},
      [1, "a"],
      [null],
      [{}],
      { a: "b" },
      { "0": "x" },
    ),
    weight: 6,
  },
  { arbitrary: fc.integer(), weight: 1 },
  { arbitrary: fc.string({ maxLength: 5 }), weight: 1 },
  // The edges where numbers print or compare differently: 2^53 - 1 and 2^53 (the last exact
  // integers), 10^15, 2^63 (CEL's int64; as JSON text 9223372036854776000, which Kubernetes
  // decodes as a double). Not fractions below 1e-4: CEL prints them with an exponent, so gkc's
  // CEL raises an error where the SDK's quantities take a number, and below 1e-6 JavaScript
  // prints an exponent where the Rego does not (README, Semantics, rules 6 and 21).
  { arbitrary: fc.constantFrom<unknown>(9007199254740991, -9007199254740991, 9007199254740992, -9007199254740992, 1e15, -1e15, 9223372036854775808, -9223372036854775808), weight: 2 },
);

/** A value of the wrong type for almost any field: null, numbers, booleans, arrays, objects, "". */
export function wrongTyped(): fc.Arbitrary<unknown> {
  return WRONG_TYPED;
}

/**
 * The value most of the time; otherwise missing (undefined, dropped by `json`), null, or a
 * value of the wrong type.
 */
export function maybe<T>(arb: fc.Arbitrary<T>, valueWeight = 8): fc.Arbitrary<T | unknown> {
  return fc.oneof(
    { arbitrary: arb as fc.Arbitrary<unknown>, weight: valueWeight },
    { arbitrary: fc.constant(undefined), weight: 1 },
    { arbitrary: fc.constant(null), weight: 1 },
    { arbitrary: wrongTyped(), weight: 1 },
  );
}

/** Like `maybe` but much more often the value: for wrappers whose breakage hides everything below. */
function rarelyBroken<T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | unknown> {
  return maybe(arb, 60);
}

const NEAR_MISS_CHARS = ["a", "Z", "0", "-", ".", "/", "_", ":", " "] as const;
const NEAR_MISS_SUFFIXES = ["-evil", ".evil.com", ":5000", ":443", "/", "-", ".", " "] as const;
const NEAR_MISS_PREFIXES = ["evil-", "evil.", "/", " "] as const;

/** The `kind`-th way (mod 7) of making `base` almost equal; `at` and `pick` choose position and text. */
function mutate(base: string, kind: number, at: number, pick: number): string {
  const position = at % (base.length + 1);
  switch (kind % 7) {
    case 0:
      return base.toUpperCase();
    case 1:
      return base.charAt(0).toUpperCase() + base.slice(1);
    case 2:
      return base.slice(0, position) + NEAR_MISS_CHARS[pick % NEAR_MISS_CHARS.length] + base.slice(position);
    case 3:
      return base.slice(0, position) + base.slice(position + 1);
    case 4:
      return base + NEAR_MISS_SUFFIXES[pick % NEAR_MISS_SUFFIXES.length];
    case 5:
      return NEAR_MISS_PREFIXES[pick % NEAR_MISS_PREFIXES.length] + base;
    default:
      return base.toLowerCase();
  }
}

/** Near misses of any string of `pool` (see `nearMiss`). */
export function nearMissOf(pool: readonly string[]): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom(...pool), fc.nat(6), fc.nat(), fc.nat())
    .map(([base, kind, at, pick]) => mutate(base, kind, at, pick));
}

/**
 * Strings that almost equal `base`: case changes, one character added or removed, suffixes such
 * as `-evil`, `.evil.com` or a port, prefixes.
 */
export function nearMiss(base: string): fc.Arbitrary<string> {
  return nearMissOf([base]);
}

/** `base` itself or a near miss of it, about half each. */
export function nearby(base: string): fc.Arbitrary<string> {
  return fc.oneof(fc.constant(base), nearMiss(base));
}

/** One of `pool`, or a near miss of one of them. */
export function fromPool(pool: readonly string[], nearMissWeight = 1): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: fc.constantFrom(...pool), weight: 4 },
    { arbitrary: nearMissOf(pool), weight: nearMissWeight },
  );
}

// ---------------------------------------------------------------------------------------------
// Regular expressions

/** Valid RE2 patterns that label values and names in this file often do or do not match. */
export const VALID_REGEXES: readonly string[] = [
  "",
  ".*",
  "^$",
  "^[a-z]+$",
  "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$",
  "^team-",
  "prod|staging",
  "\\d",
  "^[A-Z]",
  "(?i)^alice$",
  "a.c",
  "^.{1,5}$",
];

/** Patterns RE2 rejects: unbalanced, lookahead, backreference, bad repetition, bad class. */
export const INVALID_REGEXES: readonly string[] = ["(", "(?=x)", "(a)\\1", "[", "x**", "a{2,1}", "[z-a]", "\\"];

/** A regex pattern, valid most of the time, sometimes invalid, sometimes arbitrary. */
export function regexPattern(): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: fc.constantFrom(...VALID_REGEXES), weight: 12 },
    { arbitrary: fc.constantFrom(...INVALID_REGEXES), weight: 1 },
    { arbitrary: fc.string({ maxLength: 6 }), weight: 1 },
  );
}

// ---------------------------------------------------------------------------------------------
// Quantities

const QUANTITY_SUFFIXES = [
  "", "", "", "m", "k", "M", "G", "T", "P", "E", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei", "n", "u",
  "e3", "E2", "e-3", "e+2", "e0",
] as const;

const QUANTITY_JUNK = [
  "", " ", ".", "+", "-", "1.2.3", "10 Mi", "Mi", "1K", "1mi", "1KI", "1ki", "1Mii", "0x10", "1e", "e3",
  "1e1.5", "1Mi ", " 1", "--1", "1m1", "NaN", "Infinity", "1,5", "1_000", "1.5e3Mi", "1ee3", "1e3m",
  "１", "1 ", "m", "Gi1",
] as const;

/**
 * Kubernetes quantity strings from the grammar `sign digits [.fraction] [suffix | exponent]`,
 * biased to small values that land near typical limits, plus malformed ones.
 */
export function quantityString(): fc.Arbitrary<string> {
  const sign = fc.constantFrom("", "", "", "", "", "", "+", "-");
  const digits = fc.oneof(
    { arbitrary: fc.constantFrom("0", "1", "2", "4", "5", "10", "100", "128", "250", "256", "500", "512", "1000", "1024", "2000", "007"), weight: 4 },
    { arbitrary: fc.nat({ max: 99999 }).map(String), weight: 1 },
    { arbitrary: fc.constant(""), weight: 1 },
  );
  const fraction = fc.constantFrom("", "", "", "", ".5", ".25", ".125", ".0", ".", ".001");
  const suffix = fc.constantFrom(...QUANTITY_SUFFIXES);
  const wellFormed = fc.tuple(sign, digits, fraction, suffix).map(([s, d, f, x]) => s + d + f + x);
  return fc.oneof(
    { arbitrary: wellFormed, weight: 8 },
    { arbitrary: fc.constantFrom(...QUANTITY_JUNK), weight: 2 },
    { arbitrary: fc.string({ maxLength: 5 }), weight: 1 },
  );
}

/** A quantity as it appears in a manifest: a string, or a YAML/JSON number. */
export function quantityValue(): fc.Arbitrary<string | number> {
  return fc.oneof(
    { arbitrary: quantityString(), weight: 6 },
    { arbitrary: fc.constantFrom(0, 1, 2, 0.5, 0.25, 1.5, 100, 1000, 1024, 1e3, -1, 0.001), weight: 2 },
    { arbitrary: fc.integer({ min: -10, max: 100000 }), weight: 1 },
  );
}

// ---------------------------------------------------------------------------------------------
// Images

/** Registry prefixes (with trailing `/`), including near misses of the approved-looking ones. */
export const IMAGE_REGISTRIES: readonly string[] = [
  "",
  "docker.io/",
  "index.docker.io/",
  "ghcr.io/",
  "quay.io/",
  "registry.corp.example/",
  "registry.corp.example:5000/",
  "localhost:5000/",
  "localhost/",
  "127.0.0.1:5000/",
  "registry.corp.example.evil.com/",
  "ghcr.io.evil.com/",
  "GHCR.IO/",
  "docker.io.evil.com/",
];

/** Repository paths, including ones that straddle an approved organisation. */
export const IMAGE_REPOSITORIES: readonly string[] = [
  "nginx",
  "library/nginx",
  "busybox",
  "acme/app",
  "acme-evil/app",
  "acme/team/app",
  "acmeapp",
  "team/app",
];

const DIGEST = `@sha256:${"a1".repeat(32)}`;

const IMAGE_JUNK = [
  "",
  "nginx:",
  ":latest",
  "UPPER/app",
  "a b",
  "//nginx",
  "nginx@",
  "ghcr.io/",
  "http://ghcr.io/acme/app",
  "-nginx",
  "nginx@sha256:abc",
  "ghcr.io/acme/app:bad tag",
  "registry.corp.example:port/app",
] as const;

/** Image references in every form: bare, docker.io, library/, host:port, tag, digest, tag+digest, near-miss hosts, junk. */
export function imageRef(): fc.Arbitrary<string> {
  const registry = fc.constantFrom(...IMAGE_REGISTRIES);
  const repository = fromPool(IMAGE_REPOSITORIES, 1);
  const tag = fc.constantFrom("", "", ":latest", ":1.25", ":v1.2.3-alpine");
  const digest = fc.constantFrom("", "", "", DIGEST);
  const wellFormed = fc.tuple(registry, repository, tag, digest).map(([r, p, t, d]) => r + p + t + d);
  return fc.oneof(
    { arbitrary: wellFormed, weight: 14 },
    { arbitrary: fc.constantFrom(...IMAGE_JUNK), weight: 1 },
    { arbitrary: fc.string({ maxLength: 8 }), weight: 1 },
  );
}

// ---------------------------------------------------------------------------------------------
// Metadata

export const LABEL_KEYS: readonly string[] = ["owner", "team", "app", "env", "app.kubernetes.io/name", "tier"];
export const LABEL_VALUES: readonly string[] = ["alice", "Alice", "team-a", "prod", "staging", "", "x", "123", "prod-1", "a b", "abc"];

/** A label key: usually from the shared pool, sometimes a near miss or arbitrary. */
export function labelKey(): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: fromPool(LABEL_KEYS), weight: 6 },
    { arbitrary: fc.constant(""), weight: 1 },
    { arbitrary: fc.string({ maxLength: 6 }), weight: 1 },
  );
}

/** `metadata.labels`: usually a map (whose values are sometimes not strings), sometimes wrong. */
export function labelMap(): fc.Arbitrary<unknown> {
  const value = fc.oneof(
    { arbitrary: fc.constantFrom(...LABEL_VALUES), weight: 6 },
    { arbitrary: fc.string({ maxLength: 8 }), weight: 1 },
    { arbitrary: wrongTyped(), weight: 1 },
  );
  return maybe(fc.dictionary(labelKey(), value, { maxKeys: 5 }));
}

export const OBJECT_NAMES: readonly string[] = [
  "team-a",
  "my-app",
  "prod",
  "a",
  "A",
  "my_app",
  "-bad",
  "bad-",
  "café",
  "x".repeat(63),
  "x".repeat(64),
  `team-${"a".repeat(58)}`,
  `team-${"a".repeat(59)}`,
  // Outside the Basic Multilingual Plane: one code point, two UTF-16 units in JavaScript.
  "a😀",
  `${"x".repeat(61)}😀`,
];

/** `metadata.name`: DNS-like names near the usual patterns and length limits, including
 * characters outside the BMP, where JavaScript's string length counts UTF-16 units. */
export function objectName(): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: fc.constantFrom(...OBJECT_NAMES), weight: 4 },
    { arbitrary: fc.stringMatching(/^[a-z0-9][-a-z0-9.]{0,70}$/), weight: 2 },
    { arbitrary: fc.string({ maxLength: 10 }), weight: 1 },
  );
}

export interface MetadataOptions {
  /** Arbitrary of `metadata.name` itself (not wrapped in `maybe`). Default `maybe(objectName())`. */
  name?: fc.Arbitrary<unknown>;
  /** Arbitrary of `metadata.labels`. Default `labelMap()`. */
  labels?: fc.Arbitrary<unknown>;
}

/** An ObjectMeta whose fields are each sometimes missing, null or wrongly typed. */
export function metadata(options: MetadataOptions = {}): fc.Arbitrary<unknown> {
  return fc.record({
    name: options.name ?? maybe(objectName()),
    namespace: maybe(fc.constantFrom("default", "kube-system", "team-a")),
    labels: options.labels ?? labelMap(),
  });
}

// ---------------------------------------------------------------------------------------------
// Pod specs and workloads

export interface PodSpecOptions {
  /** Arbitrary of a container's `image` (before `maybe`). Default `imageRef()`. */
  image?: fc.Arbitrary<unknown>;
  /** Arbitrary of one resource quantity (before `maybe`). Default `quantityValue()`. */
  quantity?: fc.Arbitrary<unknown>;
  /** Arbitrary of metadata (for the object and pod templates). Default `metadata()`. */
  metadata?: fc.Arbitrary<unknown>;
  /**
   * `maybe` weight of `resources`, `limits`/`requests` and each quantity (default 8, i.e. about
   * a quarter broken at each level); raise it when the policy is about the limit values.
   */
  resourceWeight?: number;
}

export const CONTAINER_NAMES: readonly string[] = ["app", "sidecar", "init", "debug", "app"];

/** One container: name, image, resources.limits/requests, each field maybe broken. */
export function container(options: PodSpecOptions = {}): fc.Arbitrary<unknown> {
  const quantity = options.quantity ?? quantityValue();
  const weight = options.resourceWeight ?? 8;
  const resourceList = maybe(fc.record({ cpu: maybe(quantity, weight), memory: maybe(quantity, weight) }), weight);
  return fc.record({
    name: maybe(fc.oneof(fc.constantFrom(...CONTAINER_NAMES), fc.string({ maxLength: 5 }))),
    image: maybe(options.image ?? imageRef(), 16),
    resources: maybe(fc.record({ limits: resourceList, requests: resourceList }), weight),
  });
}

/** A list of containers: usually an array (elements occasionally not objects), sometimes wrong. */
export function containerList(options: PodSpecOptions = {}): fc.Arbitrary<unknown> {
  const element = fc.oneof({ arbitrary: container(options), weight: 10 }, { arbitrary: wrongTyped(), weight: 1 });
  const list = fc.oneof({ arbitrary: fc.array(element, { minLength: 1, maxLength: 3 }), weight: 8 }, { arbitrary: fc.constant([]), weight: 1 });
  return maybe(list, 16);
}

/** A pod spec with containers and (sometimes) init and ephemeral containers. */
export function podSpecObject(options: PodSpecOptions = {}): fc.Arbitrary<unknown> {
  const optionalList = fc.oneof({ arbitrary: fc.constant(undefined), weight: 2 }, { arbitrary: containerList(options), weight: 2 });
  return fc.record({
    containers: containerList(options),
    initContainers: optionalList,
    ephemeralContainers: fc.oneof({ arbitrary: fc.constant(undefined), weight: 2 }, { arbitrary: containerList(options), weight: 1 }),
  });
}

export const POD_KINDS = ["Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob"] as const;
export type PodKind = (typeof POD_KINDS)[number];

/** The apiVersion of each pod kind. */
export const POD_KIND_API_VERSIONS: Readonly<Record<PodKind, string>> = {
  Pod: "v1",
  Deployment: "apps/v1",
  StatefulSet: "apps/v1",
  DaemonSet: "apps/v1",
  ReplicaSet: "apps/v1",
  Job: "batch/v1",
  CronJob: "batch/v1",
};

/** A workload of `kind` wrapping a pod spec where that kind keeps it; wrappers are rarely broken. */
export function workload(kind: PodKind, options: PodSpecOptions = {}): fc.Arbitrary<unknown> {
  const meta = options.metadata ?? metadata();
  const spec = podSpecObject(options);
  const template = rarelyBroken(fc.record({ metadata: meta, spec: rarelyBroken(spec) }));
  const body: fc.Arbitrary<unknown> =
    kind === "Pod"
      ? rarelyBroken(spec)
      : kind === "CronJob"
        ? rarelyBroken(
            fc.record({
              schedule: fc.constant("*/5 * * * *"),
              jobTemplate: rarelyBroken(fc.record({ spec: rarelyBroken(fc.record({ template })) })),
            }),
          )
        : rarelyBroken(fc.record({ replicas: fc.constant(1), template }));
  return json(fc.record({ apiVersion: fc.constant(POD_KIND_API_VERSIONS[kind]), kind: fc.constant(kind), metadata: meta, spec: body }));
}

/** A workload of any of the seven pod kinds. */
export function anyWorkload(options: PodSpecOptions = {}): fc.Arbitrary<unknown> {
  return fc.oneof(...POD_KINDS.map((kind) => workload(kind, options)));
}

/** A non-workload object (Namespace, ConfigMap, Service, ...) with maybe-broken metadata. */
export function plainObject(options: { metadata?: fc.Arbitrary<unknown> } = {}): fc.Arbitrary<unknown> {
  return json(
    fc.record({
      apiVersion: fc.constant("v1"),
      kind: fc.constantFrom("Namespace", "ConfigMap", "Service", "Secret"),
      metadata: maybe(options.metadata ?? metadata(), 24),
      data: fc.oneof(fc.constant(undefined), fc.dictionary(fc.string({ maxLength: 3 }), fc.string({ maxLength: 3 }), { maxKeys: 2 })),
    }),
  );
}

/** Users a request may come from: plain, service accounts, cluster admins, odd shapes. */
export const USERNAMES: readonly string[] = ["alice", "bob", "system:serviceaccount:kube-system:replicaset-controller", "system:serviceaccount:ci:deployer", "system:admin", "", "kubernetes-admin"];
export const USER_GROUPS: readonly string[] = ["system:authenticated", "system:masters", "system:serviceaccounts", "system:nodes", "developers", ""];

/** `userInfo` of an admission request, sometimes missing fields or wrongly typed. */
export function userInfo(): fc.Arbitrary<unknown> {
  return fc.oneof(
    { arbitrary: fc.record({ username: fromPool(USERNAMES), groups: fc.array(fromPool(USER_GROUPS), { maxLength: 3 }) }, { requiredKeys: [] }), weight: 8 },
    { arbitrary: wrongTyped(), weight: 1 },
  );
}

/**
 * Admission requests for a policy that reads its fourth parameter: every operation, UPDATEs and
 * DELETEs with an `oldObject` drawn from `objects` (often a near copy of the reviewed object is
 * what matters: pass the same arbitrary the policy uses), users from small pools, dryRun.
 */
export function admissionRequest(objects: fc.Arbitrary<unknown>): fc.Arbitrary<{ operation?: string; oldObject?: unknown; userInfo?: unknown; dryRun?: boolean }> {
  return fc.record(
    {
      operation: fc.oneof({ arbitrary: fc.constantFrom("CREATE", "UPDATE"), weight: 6 }, { arbitrary: fc.constantFrom("DELETE", "CONNECT", ""), weight: 1 }),
      oldObject: fc.oneof(objects, fc.constant(null)),
      userInfo: userInfo(),
      dryRun: fc.boolean(),
    },
    { requiredKeys: ["operation"] },
  );
}
