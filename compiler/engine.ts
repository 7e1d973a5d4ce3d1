// Which of Gatekeeper's engines a template carries code for. Its own module: the project
// configuration reads it, and must not load the compiler (ts-morph) to do so.

export type Engine = "rego" | "cel" | "both";
export const ENGINES: readonly Engine[] = ["rego", "cel", "both"];

/**
 * What a template carries when neither it, the build nor the project chooses: the Rego alone.
 * CEL comes with a choice the team makes (README, CEL): Gatekeeper v3.23, as installed, wants to
 * generate a ValidatingAdmissionPolicy binding for every constraint of a template with CEL, and
 * reports an error in the constraint's status where the template does not generate its policy.
 */
export const DEFAULT_ENGINE: Engine = "rego";
