// Helpers shared by the gatekeeper-library-compatible policies, with the library's own semantics
// (its lib/exempt_container.rego and lib/exclude_update.rego), compiled into each policy's Rego.
import { isObject, matchesWildcard, type AdmissionReview } from "gkc/sdk";

/**
 * The library's image exemption: an entry ending in `*` exempts images starting with the rest,
 * any other entry must equal the image. (Unlike the SDK's matchesWildcard, `*suffix` is not a
 * pattern here: the library treats it as a literal.)
 */
export function isExemptImage(image: unknown, exemptImages: unknown): boolean {
  if (typeof image !== "string" || !Array.isArray(exemptImages)) return false;
  // matchesWildcard of a pattern ending in `*` is exactly the library's prefix match.
  return exemptImages.some((exemption) => typeof exemption === "string" && (exemption.endsWith("*") ? matchesWildcard(exemption, image) : image === exemption));
}

/** The library's `is_exempt(container)`: the container's image is exempt under `parameters.exemptImages`. */
export function isExemptContainer(container: unknown, exemptImages: unknown): boolean {
  return isObject(container) && isExemptImage(container["image"], exemptImages);
}

/** The library's `is_update(review)`: PSP-style checks skip UPDATEs of immutable pod fields. */
export function isUpdate(review: AdmissionReview): boolean {
  return review.operation === "UPDATE";
}
