// An evaluation thread (evaluate-pool.ts): instantiates the bundle once, then evaluates the chunks
// of tasks it is sent and posts their outcomes back.
import { parentPort, workerData } from "node:worker_threads";
import { RegoBundle } from "../verify/bundle.js";
import { evaluateTasks } from "./evaluate-tasks.js";
import type { PoolReply, PoolRequest, PoolSetup } from "./evaluate-pool.js";

const setup = workerData as PoolSetup;
const post = (reply: PoolReply): void => parentPort!.postMessage(reply);

try {
  const bundle = await RegoBundle.fromWasm(setup.wasm, setup.templates);
  if (setup.inventory) bundle.setInventory(setup.inventory);
  parentPort!.on("message", (request: PoolRequest) => {
    try {
      post({ chunk: request.chunk, results: evaluateTasks(bundle, request.tasks, setup.parameters, setup.operation) });
    } catch (error) {
      post({ failure: error instanceof Error ? error.message : String(error) });
    }
  });
} catch (error) {
  post({ failure: error instanceof Error ? error.message : String(error) });
}
