// Helpers shared by the gatekeeper-library-compatible pod-security-policy container kinds
// (K8sPSPPrivilegedContainer, K8sPSPReadOnlyRootFilesystem, K8sPSPProcMount, ...), with the
// library's own reading paths: the containers of the reviewed object itself
// (`input.review.object.spec.containers/initContainers/ephemeralContainers`), never those of a
// pod controller's template. Compiled into each policy's Rego like same-file helpers.
import { isObject, type KubeObject } from "gkc/sdk";
import { isPrintableInteger } from "./general.js";

/**
 * The members of one container list as the library's `list[_]` sees them: an array's elements,
 * or an object's values (Rego iterates both; anything else has no members).
 */
export function members(list: unknown): unknown[] {
  if (Array.isArray(list)) {
    return list;
  }
  if (isObject(list)) {
    return Object.values(list);
  }
  return [];
}

/** `spec.containers`, `spec.initContainers` and `spec.ephemeralContainers` of the reviewed object. */
export function containerLists(object: KubeObject): unknown[][] {
  const spec = object["spec"];
  if (!isObject(spec)) {
    return [];
  }
  return [members(spec["containers"]), members(spec["initContainers"]), members(spec["ephemeralContainers"])];
}

/** `container.securityContext[field]`, undefined when any step is missing or not an object. */
export function securityContextField(container: unknown, field: string): unknown {
  if (!isObject(container)) {
    return undefined;
  }
  const securityContext = container["securityContext"];
  if (!isObject(securityContext)) {
    return undefined;
  }
  return securityContext[field];
}

/**
 * Rego's truthiness of a bare reference (`c.securityContext.privileged`): the value is defined
 * and is not `false` (so `null`, `0` and `""` are truthy there).
 */
export function regoTruthy(value: unknown): boolean {
  return value !== undefined && value !== false;
}

/**
 * A value as the library's messages print it with `%v`: strings as they are, booleans and null
 * as words, integers up to 2^53 - 1 as digits (beyond, JavaScript rounds and CEL raises an error).
 * Other numbers print as `<number>`, arrays and objects (never a valid name) as `<array>`, `<object>`.
 */
export function shown(value: unknown): string {
  if (typeof value === "string") {
    return value;
  }
  if (typeof value === "boolean") {
    return `${value}`;
  }
  if (typeof value === "number") {
    return isPrintableInteger(value) ? `${value}` : "<number>";
  }
  if (value === null) {
    return "null";
  }
  if (Array.isArray(value)) {
    return "<array>";
  }
  return "<object>";
}

/**
 * The container's `name`, as the library's messages read it: undefined when the container has
 * no name (the library's message, and with it the violation, is then undefined).
 */
export function containerName(container: unknown): string | undefined {
  if (!isObject(container)) {
    return undefined;
  }
  const name = container["name"];
  if (name === undefined) {
    return undefined;
  }
  return shown(name);
}

/** The reviewed object's `metadata.name` for messages; undefined when absent (no violation then). */
export function objectName(object: KubeObject): string | undefined {
  const metadata: unknown = object.metadata;
  const name = isObject(metadata) ? metadata["name"] : undefined;
  // A string first: what every object the API server admits has.
  if (typeof name === "string") {
    return name;
  }
  return name === undefined ? undefined : shown(name);
}

/** `before` with the JSON member `"key":text` appended (comma-separated); `before` when `text` is undefined. */
export function jsonMember(before: string, key: string, text: string | undefined): string {
  if (text === undefined) {
    return before;
  }
  return before === "" ? `"${key}":${text}` : `${before},"${key}":${text}`;
}

/** A string as a JSON string (its characters as they are), anything else as `shown`; undefined stays undefined. */
export function jsonText(value: unknown): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  return typeof value === "string" ? `"${value}"` : shown(value);
}
