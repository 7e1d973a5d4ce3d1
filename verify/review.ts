// Gatekeeper's admission input: `input.review` as the AdmissionReview request, plus parameters.

function groupVersion(apiVersion: unknown): { group: string; version: string } {
  if (typeof apiVersion !== "string") return { group: "", version: "" };
  const slash = apiVersion.indexOf("/");
  return slash < 0 ? { group: "", version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

function field(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
}

export function admissionInput(object: unknown, parameters: unknown, operation = "CREATE"): Record<string, unknown> {
  const metadata = field(object, "metadata");
  const name = field(metadata, "name");
  const namespace = field(metadata, "namespace");
  const kind = field(object, "kind");
  const review: Record<string, unknown> = {
    kind: { ...groupVersion(field(object, "apiVersion")), kind: typeof kind === "string" ? kind : "" },
    operation,
    object,
    userInfo: { username: "gkc-verify", groups: ["system:authenticated"] },
  };
  if (typeof name === "string") review["name"] = name;
  if (typeof namespace === "string") review["namespace"] = namespace;
  return { review, parameters };
}
