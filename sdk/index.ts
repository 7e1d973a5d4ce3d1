// The gkc SDK: helpers a policy may call. Each has an exact Rego counterpart that the
// compiler emits (compiler/emit/rego/sdk-functions.ts); the two are checked against each
// other by test/sdk.test.ts on the real OPA.
export { defineTemplate, constraint, defineBundle } from "./authoring.js";
export type {
  TemplateMeta,
  ConstraintSpec,
  EnforcementAction,
  Match,
  LabelSelector,
  ScopedEnforcementAction,
  BundleSpec,
} from "./authoring.js";
export { podSpec, allContainers, containersAndInitContainers, POD_CONTROLLER_KINDS } from "./podspec.js";
export { parseQuantity, compareQuantities, compareScaledQuantities, type Quantity } from "./quantity.js";
export { parseImage, type ImageReference } from "./image.js";
export { matchesWildcard } from "./wildcard.js";
export { regexMatches, isValidRegex } from "./regex.js";
export { trimCharacters } from "./strings.js";
export { regoLess, regoLessOrEqual, regoGreater, regoGreaterOrEqual, scalarEquals, regoEquals } from "./order.js";
export type { KubeObject } from "./object.js";
export { isObject, asArray } from "./guards.js";
export { clusterObjects, namespacedObjects, clusterObjectNames, namespacedObjectNames, inventoryOf, type Inventory } from "./inventory.js";
export type { AdmissionReview, UserInfo } from "./review.js";
