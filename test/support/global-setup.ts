// Builds the pinned OPA and gator once, before any test file runs in parallel.
import { toolPath } from "../../verify/tools.js";

export default function setup(): void {
  toolPath("opa");
  toolPath("gator");
}
