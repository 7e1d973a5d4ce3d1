import { fileURLToPath } from "node:url";
import { configDefaults, defineConfig } from "vitest/config";

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run gkc from its TypeScript sources: `gkc/...` imports (policies use them exactly as a
    // user's do) resolve to those sources too, not to the built dist/.
    alias: [
      { find: /^gkc\/sdk$/, replacement: here("./sdk/index.ts") },
      { find: /^gkc\/arbitraries$/, replacement: here("./verify/arbitraries.ts") },
      { find: /^gkc\/arbitraries\/(.+)$/, replacement: here("./verify/arbitraries-$1.ts") },
      { find: /^gkc\/library\/(.+)$/, replacement: here("./policies/$1.ts") },
    ],
  },
  test: {
    include: ["test/**/*.test.ts"],
    // The real control plane has its own command, `npm run test:cluster` (test/cluster/vitest.config.ts).
    exclude: [...configDefaults.exclude, "test/cluster/**"],
    // wasm compilation shells out to opa; two cores.
    pool: "forks",
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    testTimeout: 60_000,
    hookTimeout: 300_000,
    globalSetup: ["test/support/global-setup.ts"],
  },
});
