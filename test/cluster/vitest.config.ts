// `npm run test:cluster`: the end-to-end tests against a real control plane (test/cluster/).
// Separate from `npm test`, whose config excludes this directory: a cluster takes a core for
// minutes, and the first run on a machine builds kube-apiserver (~5 minutes on 2 cores).
import { defineConfig, mergeConfig } from "vitest/config";
import base from "../../vitest.config.js";

export default mergeConfig(
  { resolve: base.resolve, plugins: base.plugins },
  defineConfig({
    test: {
      include: ["test/cluster/**/*.test.ts"],
      globalSetup: ["test/cluster/global-setup.ts"],
      // One cluster at a time: each runs etcd, an API server and Gatekeeper on two shared cores.
      pool: "forks",
      poolOptions: { forks: { maxForks: 1, minForks: 1 } },
      fileParallelism: false,
      testTimeout: 180_000,
      hookTimeout: 600_000,
    },
  }),
);
