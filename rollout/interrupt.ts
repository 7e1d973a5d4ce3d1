// SIGINT/SIGTERM during a rollout change. The handlers only record the signal (an AbortSignal);
// the change checks it between steps and rolls back, so the process never dies half-way
// through writing the policy file, out/ and the log. The CLI exits 130/143 afterwards.

export type TrappedSignal = "SIGINT" | "SIGTERM";

const EXIT_CODES: Record<TrappedSignal, number> = { SIGINT: 130, SIGTERM: 143 };

export class InterruptedError extends Error {
  constructor(
    readonly signal: TrappedSignal,
    message: string,
  ) {
    super(message);
  }

  get exitCode(): number {
    return EXIT_CODES[this.signal];
  }
}

function signalOf(signal: AbortSignal): TrappedSignal {
  return signal.reason === "SIGTERM" ? "SIGTERM" : "SIGINT";
}

/** Throws InterruptedError when `signal` has fired; `undone` says what was rolled back. */
export function checkpoint(signal: AbortSignal | undefined, undone = "nothing had changed"): void {
  if (signal?.aborted) throw new InterruptedError(signalOf(signal), `interrupted by ${signalOf(signal)}: ${undone}`);
}

/** Turns an abort surfacing from awaited work (the lock wait) into InterruptedError; other errors pass. */
export function asInterrupted(error: unknown, signal: AbortSignal | undefined): unknown {
  const aborted = signal?.aborted && (error === signal.reason || (error instanceof Error && error.name === "AbortError"));
  return aborted ? new InterruptedError(signalOf(signal), `interrupted by ${signalOf(signal)} while waiting for the rollout lock: nothing had changed`) : error;
}

export interface SignalTrap {
  readonly signal: AbortSignal;
  /** 130 or 143 once a signal arrived. */
  exitCode(): number | undefined;
  dispose(): void;
}

/** Records SIGINT/SIGTERM instead of dying, until dispose(). */
export function trapSignals(): SignalTrap {
  const controller = new AbortController();
  const handlers = (["SIGINT", "SIGTERM"] as const).map((name) => {
    const handler = (): void => {
      if (!controller.signal.aborted) controller.abort(name);
    };
    process.on(name, handler);
    return [name, handler] as const;
  });
  return {
    signal: controller.signal,
    exitCode: () => (controller.signal.aborted ? EXIT_CODES[signalOf(controller.signal)] : undefined),
    dispose: () => {
      for (const [name, handler] of handlers) process.off(name, handler);
    },
  };
}
