// Helpers shared by the container policies (compiled into each policy's Rego like same-file helpers).
import { matchesWildcard } from "gkc/sdk";

/** A container's or volume's name for messages: the name when it is a string, else `<unnamed>`. */
export function nameOrUnnamed(name: unknown): string {
  if (typeof name === "string") {
    return name;
  }
  return "<unnamed>";
}

/** True when `image` matches one of the exemption patterns (exact, `prefix*` or `*suffix`). */
export function isExemptImage(image: unknown, exemptImages: string[]): boolean {
  return typeof image === "string" && exemptImages.some((pattern) => matchesWildcard(pattern, image));
}
