// Gatekeeper's admission input: `input.review` as the AdmissionReview request, plus parameters.
// The same review object is what a predicate's fourth parameter receives natively, so both
// engines judge exactly the same request.

/** The parts of an admission request a case sets; the rest follows from the object. */
export interface RequestSpec {
  /** CREATE (default), UPDATE, DELETE, CONNECT; "" for gator's plain-object reviews. */
  readonly operation?: string;
  readonly oldObject?: unknown;
  /** Who sent it; default a plain authenticated user. */
  readonly userInfo?: unknown;
  readonly dryRun?: boolean;
}

/** A request given as its operation alone (the older form) or as a spec. */
export type Request = RequestSpec | string;

export const DEFAULT_USER_INFO = Object.freeze({ username: "gkc-verify", groups: Object.freeze(["system:authenticated"]) });

function groupVersion(apiVersion: unknown): { group: string; version: string } {
  if (typeof apiVersion !== "string") return { group: "", version: "" };
  const slash = apiVersion.indexOf("/");
  return slash < 0 ? { group: "", version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

function field(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
}

function specOf(request: Request | undefined): RequestSpec {
  return typeof request === "string" ? { operation: request } : (request ?? {});
}

/** `input.review` for `object` under `request`. */
export function admissionReview(object: unknown, request?: Request): Record<string, unknown> {
  const spec = specOf(request);
  const metadata = field(object, "metadata");
  const name = field(metadata, "name");
  const namespace = field(metadata, "namespace");
  const kind = field(object, "kind");
  const review: Record<string, unknown> = {
    kind: { ...groupVersion(field(object, "apiVersion")), kind: typeof kind === "string" ? kind : "" },
    operation: spec.operation ?? "CREATE",
    object,
    userInfo: spec.userInfo ?? DEFAULT_USER_INFO,
  };
  if (spec.oldObject !== undefined) review["oldObject"] = spec.oldObject;
  if (spec.dryRun !== undefined) review["dryRun"] = spec.dryRun;
  // As the API server's AdmissionRequest (Go, omitempty): an empty name or namespace is absent.
  if (typeof name === "string" && name !== "") review["name"] = name;
  if (typeof namespace === "string" && namespace !== "") review["namespace"] = namespace;
  return review;
}

export function admissionInput(object: unknown, parameters: unknown, request?: Request): Record<string, unknown> {
  return { review: admissionReview(object, request), parameters };
}
