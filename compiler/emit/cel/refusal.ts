// Why a policy ships Rego only: the first construct the CEL emitter cannot make exact. Never an
// approximation: a construct whose CEL would differ from the TypeScript on some input is refused.

/** A construct with no exact CEL form, thrown by the emitter and caught per policy. */
export class CelRefusal extends Error {
  constructor(
    /** What the construct is, e.g. `parseImage(...)` or `the admission request (review)`. */
    readonly construct: string,
    /** Why CEL cannot express it exactly. */
    readonly reason: string,
  ) {
    super(`${construct}: ${reason}`);
    this.name = "CelRefusal";
  }
}

export function refuse(construct: string, reason: string): never {
  throw new CelRefusal(construct, reason);
}
