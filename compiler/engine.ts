// Which of Gatekeeper's engines a template carries code for. Its own module: the project
// configuration reads it, and must not load the compiler (ts-morph) to do so.

export type Engine = "rego" | "cel" | "both";
export const ENGINES: readonly Engine[] = ["rego", "cel", "both"];

/**
 * What a template carries when neither it, the build nor the project chooses: both engines, as
 * the gatekeeper-library's CEL templates do. Gatekeeper judges such a template by its CEL, and
 * (v3.23's defaults) generates a ValidatingAdmissionPolicy from it unless told otherwise; gkc
 * leaves that choice to Gatekeeper unless the team states `gatekeeperVap` (README, CEL).
 */
export const DEFAULT_ENGINE: Engine = "both";
