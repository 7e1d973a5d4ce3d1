// The refusal every rollout failure that is the user's to fix ends in (exit 1).

export class RefusedError extends Error {
  /** Lines that explain the refusal: diagnostics, build errors. */
  constructor(
    message: string,
    readonly details: readonly string[] = [],
  ) {
    super(message);
  }
}
