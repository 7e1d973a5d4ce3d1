// The authoring model: what a policy file in policies/ exports.
// A policy file exports `template` (metadata), an interface `Parameters`,
// the predicate `violations` (a generator of messages) and `constraints`.

/** Metadata of one ConstraintTemplate. */
export interface TemplateMeta {
  /** The constraint kind, e.g. `K8sRequiredLabels`. The template's metadata.name is its lowercase. */
  readonly kind: string;
  /** One-line human title, rendered as the `metadata.gatekeeper.sh/title` annotation. */
  readonly title: string;
  /** What the policy enforces; rendered as the `description` annotation. */
  readonly description: string;
  /** Semantic version of the template, rendered as `metadata.gatekeeper.sh/version`. */
  readonly version: string;
  /**
   * True when the predicate reads a pod spec: constraints then match Pods and every
   * pod controller by default (autogen, as Kyverno does).
   */
  readonly podSpec?: boolean;
  /**
   * Kinds the predicate reads from `inventory` (Gatekeeper's referential data). The bundle
   * then carries a SyncSet for them and the template the `requires-sync-data` annotation.
   */
  readonly syncs?: readonly GroupVersionKind[];
  /**
   * Which of Gatekeeper's engines this template carries: "rego", "cel" (CEL instead of Rego) or
   * "both". Wins over the build's choice (`gkc build --engine`, gkc.config.json's `engine`); a
   * template that asks for CEL its predicate cannot have fails the build, saying why.
   */
  readonly engine?: "rego" | "cel" | "both";
}

export interface GroupVersionKind {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
}

export function defineTemplate<const T extends TemplateMeta>(meta: T): T {
  return meta;
}

export type EnforcementAction = "deny" | "dryrun" | "warn" | "scoped";

export interface ScopedEnforcementAction {
  readonly action: "deny" | "dryrun" | "warn";
  readonly enforcementPoints: readonly { readonly name: string }[];
}

export interface LabelSelectorRequirement {
  readonly key: string;
  readonly operator: "In" | "NotIn" | "Exists" | "DoesNotExist";
  readonly values?: readonly string[];
}

export interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly LabelSelectorRequirement[];
}

export interface KindMatch {
  readonly apiGroups: readonly string[];
  readonly kinds: readonly string[];
}

/** Gatekeeper's match block. */
export interface Match {
  readonly kinds?: readonly KindMatch[];
  readonly namespaces?: readonly string[];
  readonly excludedNamespaces?: readonly string[];
  readonly labelSelector?: LabelSelector;
  readonly namespaceSelector?: LabelSelector;
  readonly scope?: "*" | "Cluster" | "Namespaced";
  readonly name?: string;
}

interface ConstraintBase<P> {
  /** metadata.name of the Constraint: a DNS-1123 subdomain. */
  readonly name: string;
  readonly match?: Match;
  readonly parameters: P;
}

export type ConstraintSpec<P> =
  | (ConstraintBase<P> & { readonly enforcementAction: "deny" | "dryrun" | "warn" })
  | (ConstraintBase<P> & {
      readonly enforcementAction: "scoped";
      readonly scopedEnforcementActions: readonly ScopedEnforcementAction[];
    });

/** Declares a Constraint whose parameters are type-checked against the template's `Parameters`. */
export function constraint<P>(spec: ConstraintSpec<P>): ConstraintSpec<P> {
  return spec;
}

/** A named set of constraints applied together, e.g. `security-baseline`. */
export interface BundleSpec {
  /** File name of the bundle under out/bundles/. */
  readonly name: string;
  readonly description: string;
  /** Constraints as `Kind/name`. Their templates and sync sets come along. */
  readonly constraints: readonly string[];
}

export function defineBundle(spec: BundleSpec): BundleSpec {
  return spec;
}
