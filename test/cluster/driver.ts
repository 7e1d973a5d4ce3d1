// Starts a cluster in this process and prints its process groups as JSON, then waits to be
// signalled: test/cluster/harness.test.ts checks that SIGTERM leaves no process behind.
import { startCluster } from "./cluster.js";

const cluster = await startCluster();
process.stdout.write(`${JSON.stringify({ groups: cluster.processes.liveGroups(), dir: cluster.dir })}\n`);
setInterval(() => undefined, 1_000);
