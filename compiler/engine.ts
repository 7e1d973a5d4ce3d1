// Which of Gatekeeper's engines a template carries code for. Its own module: the project
// configuration reads it, and must not load the compiler (ts-morph) to do so.

export type Engine = "rego" | "cel" | "both";
export const ENGINES: readonly Engine[] = ["rego", "cel", "both"];
