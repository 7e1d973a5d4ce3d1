// Builds the cluster's pinned binaries (once per machine) before any test file starts a cluster,
// so a first run's ~5-minute kube-apiserver build is not charged to a test's timeout.
import { clusterBinaries } from "./binaries.js";

export default function setup(): void {
  const started = Date.now();
  const { versions } = clusterBinaries();
  process.stderr.write(`cluster binaries ready in ${Date.now() - started} ms: kubernetes ${versions.kubernetes}, etcd ${versions.etcd}, gatekeeper ${versions.gatekeeper}\n`);
}
