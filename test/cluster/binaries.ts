// The control plane's binaries, pinned in two Go modules of gkc's repository and built once per
// machine into gkc's cache (the same locked, atomic build as opa and gator):
//   tools/cluster/go.mod            kube-apiserver, and etcd at the version Kubernetes itself requires
//   tools/cluster/gatekeeper/go.mod Gatekeeper's manager at the version gator is pinned to
// Two modules, because one graph would build Gatekeeper against Kubernetes' newer client libraries
// (minimal version selection), not the ones it was released and tested with.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { PACKAGE_ROOT } from "../../compiler/package.js";
import { cacheRoot, pinnedBinary, readGoModule, requiredVersion } from "../../verify/tools.js";

const KUBE_MODULE = join(PACKAGE_ROOT, "tools", "cluster");
const GATEKEEPER_MODULE = join(PACKAGE_ROOT, "tools", "cluster", "gatekeeper");
const GATEKEEPER = "github.com/open-policy-agent/gatekeeper/v3";

export interface ClusterBinaries {
  etcd: string;
  kubeApiserver: string;
  gatekeeper: string;
  versions: { kubernetes: string; etcd: string; gatekeeper: string };
}

const missing = (path: string): string => `the test cluster's Go module is missing (${path}, go.sum)`;

/** The cache directory for this exact pair of modules: versions to read, hashes to invalidate. */
export function clusterCacheDirectory(): { binDir: string; versions: ClusterBinaries["versions"] } {
  const kube = readGoModule(KUBE_MODULE, missing);
  const gatekeeper = readGoModule(GATEKEEPER_MODULE, missing);
  const versions = {
    kubernetes: requiredVersion(kube.goMod, "k8s.io/kubernetes"),
    etcd: requiredVersion(kube.goMod, "go.etcd.io/etcd/server/v3"),
    gatekeeper: requiredVersion(gatekeeper.goMod, GATEKEEPER),
  };
  const key = `kubernetes-${versions.kubernetes}-etcd-${versions.etcd}-gatekeeper-${versions.gatekeeper}-${kube.hash}-${gatekeeper.hash}`.replace(/[^A-Za-z0-9._-]/g, "_");
  return { binDir: join(cacheRoot(), "cluster", key, "bin"), versions };
}

/** Paths of the three binaries, building each once per machine (kube-apiserver: ~5 minutes on 2 cores). */
export function clusterBinaries(): ClusterBinaries {
  const { binDir, versions } = clusterCacheDirectory();
  const etcd = pinnedBinary({ name: "etcd", goPackage: "go.etcd.io/etcd/server/v3", moduleDir: KUBE_MODULE, binDir, version: versions.etcd });
  const kubeApiserver = pinnedBinary({
    name: "kube-apiserver",
    goPackage: "k8s.io/kubernetes/cmd/kube-apiserver",
    moduleDir: KUBE_MODULE,
    binDir,
    version: versions.kubernetes,
  });
  const gatekeeper = pinnedBinary({ name: "gatekeeper", goPackage: GATEKEEPER, moduleDir: GATEKEEPER_MODULE, binDir, version: versions.gatekeeper });
  return { etcd, kubeApiserver, gatekeeper, versions };
}

/** Gatekeeper's CRDs, from its Helm chart in the module source the manager was built from. */
export function gatekeeperCrdDirectory(): string {
  // `go mod download` only reads the module cache (filled by the build) or the proxy; go.mod is untouched.
  const out = execFileSync("go", ["mod", "download", "-json", GATEKEEPER], { cwd: GATEKEEPER_MODULE, encoding: "utf8" });
  const dir = (JSON.parse(out) as { Dir?: string }).Dir;
  if (!dir) throw new Error(`go mod download found no source directory for ${GATEKEEPER}`);
  return join(dir, "charts", "gatekeeper", "crds");
}
