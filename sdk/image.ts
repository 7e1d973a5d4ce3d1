// Container image references (docker/distribution grammar). Exact Rego counterpart:
// gkc_parse_image. The patterns below are plain ASCII, anchored, and mean the same in
// JavaScript and RE2; the Rego uses the very same strings.

/** A parsed image reference. `tag` and `digest` are absent (not undefined) when missing. */
export interface ImageReference {
  /** Registry host with its port, e.g. `ghcr.io`, `localhost:5000`; `docker.io` when none is given. */
  registry: string;
  /** Repository path below the registry, e.g. `acme/app`; `library/nginx` for `nginx`. */
  repository: string;
  /** `registry + "/" + repository`, e.g. `docker.io/library/nginx`. */
  name: string;
  tag?: string;
  digest?: string;
}

/** `@digest` part: the whole reference has at most one `@`, and what follows it is a digest. */
export const IMAGE_DIGEST_PATTERN = "^[^@]*(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$";
/** Last `/`-separated segment: at most one `:`, and what follows it is a tag. */
export const IMAGE_TAG_PATTERN = "^[^:]*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?$";
/** A registry host with an optional port. */
export const IMAGE_HOST_PATTERN = "^[A-Za-z0-9.-]+(?::[0-9]+)?$";
/** One or more `/`-separated path components. */
export const IMAGE_PATH_PATTERN =
  "^[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*)*$";
/** A first component that names a registry host (when more components follow). */
export const IMAGE_DOMAIN_PATTERN = "[.:]|^localhost$";

const DIGEST_RE = new RegExp(IMAGE_DIGEST_PATTERN);
const TAG_RE = new RegExp(IMAGE_TAG_PATTERN);
const HOST_RE = new RegExp(IMAGE_HOST_PATTERN);
const PATH_RE = new RegExp(IMAGE_PATH_PATTERN);
const DOMAIN_RE = new RegExp(IMAGE_DOMAIN_PATTERN);

/**
 * Parses a container image reference such as `nginx`, `nginx:1.25`, `ghcr.io/acme/app:v1` or
 * `registry.example:5000/team/app@sha256:<hex>` (docker/distribution grammar):
 * - an optional `@digest` (`algorithm:hex`, at least 32 hex digits) ends the reference;
 * - an optional `:tag` follows the last `/`;
 * - the first `/`-separated component is the registry host when more components follow and it
 *   contains `.` or `:` or is `localhost` (the host keeps its port); otherwise the registry is
 *   `docker.io`, where a single-component repository becomes `library/<name>`;
 * - path components are lowercase `[a-z0-9]` runs joined by `.`, `_`, `__` or dashes.
 *
 * Undefined for anything else: a non-string, the empty string, spaces, uppercase in the path.
 * Example: `parseImage("nginx:1.25")` is
 * `{ registry: "docker.io", repository: "library/nginx", name: "docker.io/library/nginx", tag: "1.25" }`.
 */
export function parseImage(ref: unknown): ImageReference | undefined {
  if (typeof ref !== "string" || !DIGEST_RE.test(ref)) return undefined;
  const at = ref.split("@");
  const segments = (at[0] ?? "").split("/");
  const last = segments[segments.length - 1] ?? "";
  if (!TAG_RE.test(last)) return undefined;
  const colon = last.split(":");
  const components = [...segments.slice(0, -1), colon[0] ?? ""];
  let registry = "docker.io";
  let path = components;
  const first = components[0] ?? "";
  if (components.length > 1 && DOMAIN_RE.test(first)) {
    registry = first;
    path = components.slice(1);
  }
  const joined = path.join("/");
  if (!HOST_RE.test(registry) || !PATH_RE.test(joined)) return undefined;
  const repository = registry === "docker.io" && !joined.includes("/") ? `library/${joined}` : joined;
  const image: ImageReference = { registry, repository, name: `${registry}/${repository}` };
  if (colon.length === 2) image.tag = colon[1] ?? "";
  if (at.length === 2) image.digest = at[1] ?? "";
  return image;
}
