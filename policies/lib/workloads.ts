// Helpers shared by the workload policies. Policies import them like any module; the compiler
// compiles the ones a predicate reaches into its Rego, as it does same-file helpers.
import { isObject } from "gkc/sdk";

/** `value` when it is a non-empty string, otherwise undefined. */
export function nonEmpty(value: unknown): string | undefined {
  if (typeof value === "string" && value !== "") {
    return value;
  }
  return undefined;
}

/** The ServiceAccount a pod spec runs as: serviceAccountName, then the deprecated serviceAccount, then "default". */
export function serviceAccountOf(spec: unknown): string {
  if (!isObject(spec)) {
    return "default";
  }
  return nonEmpty(spec["serviceAccountName"]) ?? nonEmpty(spec["serviceAccount"]) ?? "default";
}

/** The object's name for messages: metadata.name, else `<generateName>*`, else `<unnamed>`. */
export function displayName(metadata: unknown): string {
  if (!isObject(metadata)) {
    return "<unnamed>";
  }
  const name = nonEmpty(metadata["name"]);
  const generateName = nonEmpty(metadata["generateName"]);
  if (name != null) {
    return name;
  }
  if (generateName != null) {
    return `${generateName}*`;
  }
  return "<unnamed>";
}

/** `Kind "name"` for messages. */
export function describeObject(kind: unknown, metadata: unknown): string {
  return `${typeof kind === "string" ? kind : "object"} "${displayName(metadata)}"`;
}
