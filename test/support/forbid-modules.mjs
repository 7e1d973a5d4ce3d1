// `node --import ./forbid-modules.mjs`: registers forbid-hooks.mjs (see there).
import { register } from "node:module";

register("./forbid-hooks.mjs", import.meta.url);
