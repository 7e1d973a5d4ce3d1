// The rollout ladder: dryrun → warn → deny. A constraint moves one step at a time unless forced.

export const LADDER = ["dryrun", "warn", "deny"] as const;
export type Rung = (typeof LADDER)[number];

export function isRung(value: string): value is Rung {
  return (LADDER as readonly string[]).includes(value);
}

export class LadderError extends Error {}

/** Checks a move up the ladder; returns whether it skips a rung. */
export function checkPromotion(from: string, to: Rung): { skips: boolean } {
  if (!isRung(from)) throw new LadderError(`has enforcementAction '${from}', which is not on the dryrun → warn → deny ladder; edit scoped constraints by hand`);
  const step = LADDER.indexOf(to) - LADDER.indexOf(from);
  if (step <= 0) throw new LadderError(`is already at '${from}'; promotion to '${to}' would not move it up (use gkc demote to step down)`);
  return { skips: step > 1 };
}

/** The rung below `from`. */
export function demotionTarget(from: string): Rung {
  if (!isRung(from)) throw new LadderError(`has enforcementAction '${from}', which is not on the dryrun → warn → deny ladder`);
  const index = LADDER.indexOf(from);
  if (index === 0) throw new LadderError("is already at 'dryrun', the bottom of the ladder");
  return LADDER[index - 1]!;
}
