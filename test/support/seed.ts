// The seed of a test that draws random inputs: fixed, so CI runs are reproducible; GKC_TEST_SEED
// explores others. Each test prints the seed it used, so any failure can be replayed.
export function testSeed(fallback: number, test: string): number {
  const text = process.env["GKC_TEST_SEED"];
  let seed = fallback;
  if (text !== undefined && text !== "") {
    seed = Number(text);
    if (!Number.isSafeInteger(seed)) throw new Error(`GKC_TEST_SEED must be an integer, not ${JSON.stringify(text)}`);
  }
  console.info(`${test}: seed ${seed}${seed === fallback ? " (the default)" : ""}; replay or explore with GKC_TEST_SEED=<integer> npx vitest run test/${test}.test.ts`);
  // fast-check takes 32-bit seeds.
  return seed | 0;
}

/** The policy files (base names) GKC_FAULT_POLICIES restricts fault injection to, comma-separated; undefined: all. */
export function faultPolicies(): string[] | undefined {
  return process.env["GKC_FAULT_POLICIES"]?.split(",").map((name) => name.trim()).filter(Boolean);
}
