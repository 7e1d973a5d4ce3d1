import { fileURLToPath } from "node:url";
import { configDefaults, defineConfig } from "vitest/config";
import { SOURCE_PARAMETER } from "./compiler/typescript-loader.js";

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  plugins: [
    // gkc imports a module from source it holds (compiler/typescript-loader.ts importTypeScriptSource)
    // through a Node load hook; under vitest the module graph is vite's, so the same job is done here.
    {
      name: "gkc-source",
      load(id: string): string | undefined {
        const carried = new URL(id, "file:///").searchParams.get(SOURCE_PARAMETER);
        return carried === null ? undefined : Buffer.from(carried, "base64url").toString("utf8");
      },
    },
  ],
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
